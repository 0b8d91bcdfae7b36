package dev.runner.model.updater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

/**
 * PyTorch's {@code torch.optim.AdamW}, written out by hand:
 * <pre>
 *   p ← p − lr·wd·p
 *   m ← β1·m + (1−β1)·g          v ← β2·v + (1−β2)·g²
 *   p ← p − lr/(1−β1ᵗ) · m / (√v / √(1−β2ᵗ) + ε)
 * </pre>
 * The runner's AdamW is {@link TorchAdam} with DL4J's stock {@link WeightDecay} regularization, learning rate
 * applied: after the updater it adds lr·wd·p (p before the step) to the update, which is the same step. The
 * gradient never sees the decay, unlike Adam's weight_decay (TorchAdamTest).
 */
class AdamWStepTest {
    private static final double[] P0 = {1.0, -2.0, 0.25};
    private static final double[] G1 = {0.5, 3.0, -0.125};
    private static final double[] G2 = {-1.0, 0.0, 0.5};
    private static final double[] G3 = {2.0, -4.0, 0.25};

    private static List<double[]> adamW(double lr, double wd) {
        Regularization decay = new WeightDecay(wd, true);
        assertEquals(Regularization.ApplyStep.POST_UPDATER, decay.applyStep());
        return UpdaterDriver.run(new TorchAdam(lr, 0.9, 0.999, 1e-8), decay, P0, G1, G2, G3);
    }

    @Test
    void firstStepByHand() {
        List<double[]> p = adamW(0.1, 0.05);
        // Element 0: decay 1.0·(1 − 0.1·0.05) = 0.995, then the first Adam step lr·g/(|g| + ε) = 0.1·0.5/(0.5 + ε).
        assertEquals(1.0 * (1 - 0.1 * 0.05) - 0.1 * 0.5 / (0.5 + 1e-8), p.get(0)[0], 1e-15);
        // Element 1: −2·0.995 − 0.1·3/(3 + ε)
        assertEquals(-2.0 * (1 - 0.1 * 0.05) - 0.1 * 3.0 / (3.0 + 1e-8), p.get(0)[1], 1e-15);
    }

    @Test
    void threeStepsAsPyTorch() {
        // torch.optim.AdamW([p], lr=0.1, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.05), float64, PyTorch
        // 1.13.1, p after each step for the gradients G1, G2, G3.
        double[][] torch = {
                {0.895000002, -2.0899999996666665, 0.3487499920000007},
                {0.9271353542305654, -2.1465558247660397, 0.29105589417113975},
                {0.8805341159369517, -2.115757077254384, 0.22279911667626326}};
        List<double[]> p = adamW(0.1, 0.05);
        for (int step = 0; step < 3; step++) assertArrayEquals(torch[step], p.get(step), 1e-14, "step " + step);
    }

    @Test
    void withoutDecayItIsAdam() {
        List<double[]> adamW = UpdaterDriver.run(new TorchAdam(0.1, 0.9, 0.999, 1e-8), new WeightDecay(0, true), P0,
                G1, G2, G3);
        List<double[]> adam = UpdaterDriver.run(new TorchAdam(0.1, 0.9, 0.999, 1e-8), 0.0, P0, G1, G2, G3);
        for (int step = 0; step < 3; step++) assertArrayEquals(adam.get(step), adamW.get(step), 0.0);
    }
}
