package dev.runner.model.updater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PyTorch's {@code torch.optim.SGD} step (dampening 0), written out by hand for three steps:
 * <pre>
 *   g ← g + wd·p                       (weight_decay)
 *   v ← g  (first step),  v ← μ·v + g  (later steps)
 *   d ← g + μ·v  if nesterov, else v   (d ← g without momentum)
 *   p ← p − lr·d
 * </pre>
 * The gradients are constants, so every expected number below is plain double arithmetic.
 */
class TorchSgdTest {
    private static final double TOLERANCE = 1e-12;
    private static final double[] P0 = {1.0, -2.0, 0.25};
    private static final double[] G1 = {0.5, 3.0, -0.125};
    private static final double[] G2 = {-1.0, 0.0, 0.5};
    private static final double[] G3 = {2.0, -4.0, 0.25};

    @Test
    void plainSgdSubtractsLrTimesGradient() {
        List<double[]> p = UpdaterDriver.run(new TorchSgd(0.1, 0.0, false), 0.0, P0, G1, G2, G3);
        // Element 0: 1.0 − 0.1·0.5 = 0.95; 0.95 − 0.1·(−1.0) = 1.05; 1.05 − 0.1·2.0 = 0.85.
        assertArrayEquals(new double[]{0.95, -2.3, 0.2625}, p.get(0), TOLERANCE);
        assertArrayEquals(new double[]{1.05, -2.3, 0.2125}, p.get(1), TOLERANCE);
        assertArrayEquals(new double[]{0.85, -1.9, 0.1875}, p.get(2), TOLERANCE);
    }

    @Test
    void plainSgdKeepsNoState() {
        assertEquals(0, new TorchSgd(0.1, 0.0, false).stateSize(1000));
        assertEquals(1000, new TorchSgd(0.1, 0.9, false).stateSize(1000));
    }

    @Test
    void momentumIsHeavyBall() {
        List<double[]> p = UpdaterDriver.run(new TorchSgd(0.1, 0.9, false), 0.0, P0, G1, G2, G3);
        // Element 0: v1 = 0.5, p1 = 1 − 0.05 = 0.95
        //            v2 = 0.9·0.5 − 1.0 = −0.55, p2 = 0.95 + 0.055 = 1.005
        //            v3 = 0.9·(−0.55) + 2.0 = 1.505, p3 = 1.005 − 0.1505 = 0.8545
        assertEquals(0.95, p.get(0)[0], TOLERANCE);
        assertEquals(1.005, p.get(1)[0], TOLERANCE);
        assertEquals(0.8545, p.get(2)[0], TOLERANCE);
        assertArrayEquals(reference(0.1, 0.9, false, 0.0), flatten(p), TOLERANCE);
        // DL4J's Nesterovs updater, which this replaces, would give a different first step (lr·(1+μ)·g).
    }

    @Test
    void nesterovAsPyTorch() {
        List<double[]> p = UpdaterDriver.run(new TorchSgd(0.1, 0.9, true), 0.0, P0, G1, G2, G3);
        // Element 0: v1 = 0.5,   d1 = 0.5 + 0.9·0.5 = 0.95,        p1 = 1 − 0.095 = 0.905
        //            v2 = −0.55, d2 = −1.0 + 0.9·(−0.55) = −1.495,  p2 = 0.905 + 0.1495 = 1.0545
        //            v3 = 1.505, d3 = 2.0 + 0.9·1.505 = 3.3545,     p3 = 1.0545 − 0.33545 = 0.71905
        assertEquals(0.905, p.get(0)[0], TOLERANCE);
        assertEquals(1.0545, p.get(1)[0], TOLERANCE);
        assertEquals(0.71905, p.get(2)[0], TOLERANCE);
        assertArrayEquals(reference(0.1, 0.9, true, 0.0), flatten(p), TOLERANCE);
    }

    @Test
    void weightDecayIsAddedToTheGradient() {
        // The runner gets weight decay from DL4J's L2 regularization, applied to the gradient before the updater.
        List<double[]> p = UpdaterDriver.run(new TorchSgd(0.1, 0.9, false), 0.01, P0, G1, G2, G3);
        // Element 0: g1 = 0.5 + 0.01·1.0 = 0.51,               v1 = 0.51,     p1 = 1 − 0.051 = 0.949
        //            g2 = −1.0 + 0.01·0.949 = −0.99051,        v2 = 0.459 − 0.99051 = −0.53151,
        //                                                       p2 = 0.949 + 0.053151 = 1.002151
        //            g3 = 2.0 + 0.01·1.002151 = 2.01002151,   v3 = −0.478359 + 2.01002151 = 1.53166251,
        //                                                       p3 = 1.002151 − 0.153166251 = 0.848984749
        assertEquals(0.949, p.get(0)[0], TOLERANCE);
        assertEquals(1.002151, p.get(1)[0], TOLERANCE);
        assertEquals(0.848984749, p.get(2)[0], TOLERANCE);
        assertArrayEquals(reference(0.1, 0.9, false, 0.01), flatten(p), TOLERANCE);
    }

    @Test
    void weightDecayWithoutMomentum() {
        List<double[]> p = UpdaterDriver.run(new TorchSgd(0.5, 0.0, false), 0.1, P0, G1);
        // p1 = p0 − 0.5·(g + 0.1·p0): 1 − 0.5·0.6 = 0.7; −2 − 0.5·(3 − 0.2) = −3.4; 0.25 − 0.5·(−0.125 + 0.025) = 0.3
        assertArrayEquals(new double[]{0.7, -3.4, 0.3}, p.get(0), TOLERANCE);
    }

    /** PyTorch's loop for all elements and steps, flattened step-major. */
    private static double[] reference(double lr, double mu, boolean nesterov, double wd) {
        double[][] grads = {G1, G2, G3};
        double[] p = P0.clone();
        double[] v = new double[p.length];
        double[] out = new double[grads.length * p.length];
        for (int t = 0; t < grads.length; t++) {
            for (int i = 0; i < p.length; i++) {
                double g = grads[t][i] + wd * p[i];
                v[i] = t == 0 ? g : mu * v[i] + g;
                double d = nesterov ? g + mu * v[i] : v[i];
                p[i] = p[i] - lr * d;
                out[t * p.length + i] = p[i];
            }
        }
        return out;
    }

    private static double[] flatten(List<double[]> steps) {
        return steps.stream().flatMapToDouble(java.util.Arrays::stream).toArray();
    }
}
