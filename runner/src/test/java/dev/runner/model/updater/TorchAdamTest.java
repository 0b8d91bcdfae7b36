package dev.runner.model.updater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runner.model.FloatAssertions;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.junit.jupiter.api.Test;

/**
 * PyTorch's {@code torch.optim.Adam} step (amsgrad off, not AdamW), written out by hand:
 * <pre>
 *   g ← g + wd·p
 *   m ← β1·m + (1−β1)·g          v ← β2·v + (1−β2)·g²
 *   p ← p − lr/(1−β1ᵗ) · m / (√v / √(1−β2ᵗ) + ε)
 * </pre>
 * with t counted from 1 (DL4J's first iteration is 0). ε is added after the bias-corrected square root.
 */
class TorchAdamTest {
    private static final double TOLERANCE = 1e-12;
    private static final double[] P0 = {1.0, -2.0, 0.25};
    private static final double[] G1 = {0.5, 3.0, -0.125};
    private static final double[] G2 = {-1.0, 0.0, 0.5};
    private static final double[] G3 = {2.0, -4.0, 0.25};

    @Test
    void threeStepsAsPyTorch() {
        List<double[]> p = UpdaterDriver.run(new TorchAdam(0.1, 0.9, 0.999, 1e-8), 0.0, P0, G1, G2, G3);

        // Element 0, step by step.
        double m1 = 0.9 * 0.0 + (1 - 0.9) * 0.5;                 // 0.05
        double v1 = 0.999 * 0.0 + (1 - 0.999) * (0.5 * 0.5);    // 0.00025
        double p1 = 1.0 - 0.1 / (1 - 0.9) * m1 / (Math.sqrt(v1) / Math.sqrt(1 - 0.999) + 1e-8);
        assertEquals(0.9000000020000000, p1, 1e-15); // the first Adam step is lr·g/(|g| + ε)
        double m2 = 0.9 * m1 + (1 - 0.9) * -1.0;                 // −0.055
        double v2 = 0.999 * v1 + (1 - 0.999) * (-1.0 * -1.0);   // 0.00124975
        double p2 = p1 - 0.1 / (1 - 0.9 * 0.9) * m2 / (Math.sqrt(v2) / Math.sqrt(1 - 0.999 * 0.999) + 1e-8);
        double m3 = 0.9 * m2 + (1 - 0.9) * 2.0;
        double v3 = 0.999 * v2 + (1 - 0.999) * (2.0 * 2.0);
        double p3 = p2 - 0.1 / (1 - 0.9 * 0.9 * 0.9) * m3
                / (Math.sqrt(v3) / Math.sqrt(1 - 0.999 * 0.999 * 0.999) + 1e-8);
        assertEquals(p1, p.get(0)[0], TOLERANCE);
        assertEquals(p2, p.get(1)[0], TOLERANCE);
        assertEquals(p3, p.get(2)[0], TOLERANCE);

        assertArrayEquals(reference(0.1, 0.9, 0.999, 1e-8, 0.0), flatten(p), TOLERANCE);
    }

    @Test
    void epsilonIsAddedOutsideTheBiasCorrectedRoot() {
        // With |g| = ε the placement of ε decides the step: PyTorch gives lr·g/(|g| + ε) = lr/2 on the first step.
        // DL4J's Adam, lr·√(1−β2)/(1−β1) · m/(√v + ε), would move by about 0.0031 instead of 0.05.
        List<double[]> p = UpdaterDriver.run(new TorchAdam(0.1, 0.9, 0.999, 1e-8), 0.0, new double[]{1.0},
                new double[]{1e-8});
        assertEquals(1.0 - 0.1 * 0.5, p.get(0)[0], 1e-12);
    }

    @Test
    void nonDefaultBetas() {
        List<double[]> p = UpdaterDriver.run(new TorchAdam(0.01, 0.5, 0.75, 1e-3), 0.0, P0, G1, G2, G3);
        assertArrayEquals(reference(0.01, 0.5, 0.75, 1e-3, 0.0), flatten(p), TOLERANCE);
        // Element 1 has g2 = 0: m2 = 0.5·0.5·3 = 0.75, v2 = 0.75·0.25·9 = 1.6875; the step continues on momentum.
        double m2 = 0.5 * (0.5 * 3.0);
        double v2 = 0.75 * (0.25 * 9.0);
        double p1 = -2.0 - 0.01 / 0.5 * (0.5 * 3.0) / (Math.sqrt(0.25 * 9.0) / Math.sqrt(0.25) + 1e-3);
        double p2 = p1 - 0.01 / (1 - 0.25) * m2 / (Math.sqrt(v2) / Math.sqrt(1 - 0.5625) + 1e-3);
        assertEquals(p2, p.get(1)[1], TOLERANCE);
    }

    @Test
    void weightDecayIsAddedToTheGradient() {
        List<double[]> p = UpdaterDriver.run(new TorchAdam(0.1, 0.9, 0.999, 1e-8), 0.05, P0, G1, G2, G3);
        // Element 0, first step: g = 0.5 + 0.05·1.0 = 0.55, so the step is lr·0.55/(0.55 + ε).
        assertEquals(1.0 - 0.1 * 0.55 / (0.55 + 1e-8), p.get(0)[0], TOLERANCE);
        assertArrayEquals(reference(0.1, 0.9, 0.999, 1e-8, 0.05), flatten(p), TOLERANCE);
    }

    @Test
    void theFusedFloatLoopIsBitIdenticalToTheNd4jOperations() {
        int n = 1001;
        TorchAdam adam = new TorchAdam(0.003, 0.9, 0.999, 1e-8);
        INDArray fusedState = Nd4j.zeros(DataType.FLOAT, 1, 2 * n);
        INDArray nd4jState = Nd4j.zeros(DataType.FLOAT, 1, 2 * n);
        GradientUpdater<?> fused = adam.instantiate(fusedState, true);
        GradientUpdater<?> nd4j = adam.instantiate(nd4jState, true);
        Random random = new Random(11);
        for (int t = 0; t < 6; t++) {
            float[] g = new float[n];
            for (int i = 0; i < n; i++) g[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(9) - 6));
            g[3] = 0f;
            INDArray contiguous = Nd4j.createFromArray(g).reshape(1, n);
            // Every second element of a wider row: not dense, so the updater takes the ND4J operations.
            INDArray strided = Nd4j.zeros(DataType.FLOAT, 1, 2 * n)
                    .get(NDArrayIndex.point(0), NDArrayIndex.interval(0, 2, 2 * n)).reshape(1, n);
            if (strided.elementWiseStride() == 1) throw new AssertionError("the view should be strided");
            strided.assign(contiguous);
            fused.applyUpdater(contiguous, t, 0);
            nd4j.applyUpdater(strided, t, 0);
            FloatAssertions.assertBits(strided, contiguous, "update, step " + t);
            FloatAssertions.assertBits(nd4jState, fusedState, "moments, step " + t);
        }
    }

    @Test
    void stateHoldsBothMoments() {
        assertEquals(2000, new TorchAdam(0.001, 0.9, 0.999, 1e-8).stateSize(1000));
    }

    /** PyTorch's loop for all elements and steps, flattened step-major. */
    private static double[] reference(double lr, double b1, double b2, double eps, double wd) {
        double[][] grads = {G1, G2, G3};
        double[] p = P0.clone();
        double[] m = new double[p.length];
        double[] v = new double[p.length];
        double[] out = new double[grads.length * p.length];
        for (int step = 1; step <= grads.length; step++) {
            double bc1 = 1 - Math.pow(b1, step);
            double bc2 = 1 - Math.pow(b2, step);
            for (int i = 0; i < p.length; i++) {
                double g = grads[step - 1][i] + wd * p[i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double denom = Math.sqrt(v[i]) / Math.sqrt(bc2) + eps;
                p[i] = p[i] - lr / bc1 * m[i] / denom;
                out[(step - 1) * p.length + i] = p[i];
            }
        }
        return out;
    }

    private static double[] flatten(List<double[]> steps) {
        return steps.stream().flatMapToDouble(java.util.Arrays::stream).toArray();
    }
}
