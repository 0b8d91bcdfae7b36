package dev.runner.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.config.LearningRateSpec;
import dev.runner.config.ScheduleSpec;
import dev.runner.config.WarmupSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The schedules against PyTorch 1.13.1 (Debian's python3-torch): the expected numbers are the
 * {@code optimizer.param_groups[0]["lr"]} seen before each {@code optimizer.step()} of an SGD optimizer with
 * lr 0.1, in float64, with {@code scheduler.step()} after each epoch (or each batch for OneCycleLR), pasted
 * as printed. PyTorch steps most schedulers by their recursive form; the closed forms here agree to rounding.
 */
class LearningRateScheduleTest {
    private static final double BASE = 0.1;

    private static LearningRateSchedule schedule(ScheduleSpec kind, WarmupSpec warmup, int epochs) {
        return new LearningRateSchedule(new LearningRateSpec(kind, warmup), BASE, epochs);
    }

    /** The rate of each epoch's first batch (any batch, for epoch schedules). */
    private static void assertPerEpoch(LearningRateSchedule s, double... expected) {
        for (int e = 0; e < expected.length; e++) {
            for (int batch : new int[]{0, 7}) {
                assertEquals(expected[e], s.lr(e, batch, 10), Math.abs(expected[e]) * 1e-13,
                        "epoch index " + e + ", batch " + batch);
            }
        }
    }

    @Test
    void constantIsTheOptimizersRateExactly() {
        LearningRateSchedule s = new LearningRateSchedule(LearningRateSpec.CONSTANT, 0.0123, 5);
        assertTrue(s.isConstant());
        for (int e = 0; e < 5; e++) assertEquals(0.0123, s.lr(e, 3, 10));
    }

    @Test
    void stepLr() {
        // StepLR(step_size=3, gamma=0.5): lr·γ^⌊e/3⌋
        assertPerEpoch(schedule(new ScheduleSpec.Step(3, 0.5), null, 8),
                0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025);
    }

    @Test
    void multiStepLr() {
        // MultiStepLR(milestones=[2, 5, 6], gamma=0.1): lr·γ^(milestones ≤ e)
        assertPerEpoch(schedule(new ScheduleSpec.MultiStep(List.of(2, 5, 6), 0.1), null, 8),
                0.1, 0.1, 0.010000000000000002, 0.010000000000000002, 0.010000000000000002, 0.0010000000000000002,
                0.00010000000000000003, 0.00010000000000000003);
    }

    @Test
    void exponentialLr() {
        // ExponentialLR(gamma=0.9): lr·γ^e
        assertPerEpoch(schedule(new ScheduleSpec.Exponential(0.9), null, 6),
                0.1, 0.09000000000000001, 0.08100000000000002, 0.07290000000000002, 0.06561000000000002,
                0.05904900000000002);
    }

    @Test
    void cosineAnnealingLr() {
        // CosineAnnealingLR(T_max=5, eta_min=0.001): η_min + (lr − η_min)(1 + cos(π·e/5))/2, rising again past
        // T_max as PyTorch's does.
        assertPerEpoch(schedule(new ScheduleSpec.Cosine(5, 0.001), null, 8),
                0.1, 0.0905463412215599, 0.06579634122155989, 0.035203658778440096, 0.010453658778440105, 0.001,
                0.010453658778440102, 0.03520365877844012);
    }

    @Test
    void oneCycleLrPerBatch() {
        // OneCycleLR(max_lr=0.5, epochs=3, steps_per_epoch=4, cycle_momentum=False), defaults pct_start 0.3,
        // div_factor 25, final_div_factor 1e4, cos, two phases: 0.02 → 0.5 over steps 0..2.6, then → 2e-6 at 11.
        double[] torch = {0.020000000000000018, 0.17489482710979154, 0.43964257956106434, 0.49720771772545586,
                0.46650648492070584, 0.4058728269748815, 0.32368949884755166, 0.23131855133348753,
                0.14153049910434962, 0.0667387650944153, 0.01728349371269761, 2e-06};
        LearningRateSchedule s = schedule(new ScheduleSpec.OneCycle(0.5, 0.3, 25, 1e4, ScheduleSpec.Anneal.COS,
                false), null, 3);
        for (int step = 0; step < torch.length; step++) {
            assertEquals(torch[step], s.lr(step / 4, step % 4, 4), torch[step] * 1e-12, "step " + step);
        }
    }

    @Test
    void oneCycleLrThreePhasesLinear() {
        // OneCycleLR(max_lr=0.5, epochs=3, steps_per_epoch=4, pct_start=0.25, div_factor=10, final_div_factor=100,
        // anneal_strategy='linear', three_phase=True, cycle_momentum=False)
        double[] torch = {0.05, 0.275, 0.5, 0.275, 0.04999999999999999, 0.042928571428571434, 0.03585714285714286,
                0.02878571428571429, 0.021714285714285717, 0.014642857142857145, 0.007571428571428576,
                0.0005000000000000004};
        LearningRateSchedule s = schedule(new ScheduleSpec.OneCycle(0.5, 0.25, 10, 100, ScheduleSpec.Anneal.LINEAR,
                true), null, 3);
        for (int step = 0; step < torch.length; step++) {
            assertEquals(torch[step], s.lr(step / 4, step % 4, 4), 1e-15, "step " + step);
        }
    }

    @Test
    void warmupAloneIsLinearLr() {
        // LinearLR(start_factor=1/3, total_iters=4): lr·(1/3 + (2/3)·min(e, 4)/4)
        LearningRateSchedule s = schedule(null, new WarmupSpec(4, WarmupSpec.DEFAULT_START_FACTOR), 6);
        assertFalse(s.isConstant());
        assertPerEpoch(s, 0.03333333333333333, 0.05, 0.06666666666666668, 0.08333333333333334, 0.1, 0.1);
    }

    @Test
    void warmupMultipliesTheSchedule() {
        // ChainedScheduler([LinearLR(start_factor=0.25, total_iters=3), StepLR(step_size=2, gamma=0.5)])
        assertPerEpoch(schedule(new ScheduleSpec.Step(2, 0.5), new WarmupSpec(3, 0.25), 7),
                0.025, 0.05, 0.037500000000000006, 0.05, 0.025, 0.025, 0.0125);
    }

    @Test
    void warmupWithCosineIsTheProductOfTheClosedForms() {
        LearningRateSchedule s = schedule(new ScheduleSpec.Cosine(10, 0.0), new WarmupSpec(2, 0.5), 10);
        // e = 1: cosine 0.1·(1 + cos(π/10))/2 = 0.0975528258147577, warm-up factor 0.5 + 0.5·1/2 = 0.75
        assertEquals(0.0975528258147577 * 0.75, s.lr(1, 0, 5), 1e-16);
        assertEquals(0.05, s.lr(0, 0, 5), 1e-17);
    }

    @Test
    void oneCycleTakesNoWarmup() {
        assertThrows(IllegalArgumentException.class, () -> schedule(new ScheduleSpec.OneCycle(0.5, 0.3, 25, 1e4,
                ScheduleSpec.Anneal.COS, false), new WarmupSpec(2, 0.5), 3));
    }
}
