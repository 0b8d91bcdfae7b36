package dev.runner.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.runner.model.ModelFixtures;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Schedules, AdamW, label smoothing and the new transforms through the training loop, on TrainerTest's synthetic
 * bars: the metrics' lr column is the schedule's rate for each epoch's first batch, the rate is the one the
 * updater uses, and a run with everything on is bit-identical to itself.
 */
class ScheduledTrainingTest {
    private static final String BASE = """
            name: tiny
            seed: 123
            dataset: {name: mnist, validation_split: 0.25}
            transforms:
              train:
                %s
                - normalize: auto
              eval:
                - normalize: auto
            model:
              layers:
                - conv2d: {filters: 4, kernel: 3}
                - batchnorm
                - relu
                - maxpool: 2
                - flatten
                - dense: {units: 10}
            loss: %s
            optimizer: %s
            %s
            training: {epochs: 3, batch_size: 20, eval_batch_size: 50}
            """;

    private static TrainerTest.Run run(String transforms, String loss, String optimizer, String schedule)
            throws Exception {
        return TrainerTest.run(ModelFixtures.parse("tiny.yaml", String.format(BASE, transforms, loss, optimizer,
                schedule)), TrainerTest.data());
    }

    private static double[] lrColumn(TrainerTest.Run run) {
        return run.epochs().stream().mapToDouble(EpochMetrics::learningRate).toArray();
    }

    @Test
    void everythingOnIsReproducibleAndTheLrColumnFollowsTheSchedule() throws Exception {
        String transforms = "- random_crop: {size: 28, padding: 2}\n    - random_horizontal_flip\n"
                + "    - random_affine: {degrees: 10, translate: [0.1, 0.1], scale: [0.9, 1.1]}";
        String all = String.format(BASE, transforms, "{cross_entropy: {label_smoothing: 0.1}}",
                "{adamw: {lr: 0.01}}", "schedule: {cosine: {t_max: 3}, warmup: {epochs: 1, start_factor: 0.5}}");
        TrainerTest.Run a = TrainerTest.run(ModelFixtures.parse("tiny.yaml", all), TrainerTest.data());
        TrainerTest.Run b = TrainerTest.run(ModelFixtures.parse("tiny.yaml", all), TrainerTest.data());
        assertArrayEquals(a.params(), b.params());
        assertEquals(TrainerTest.untimed(a.epochs()), TrainerTest.untimed(b.epochs()));
        // Epoch indexes 0, 1, 2: cosine 0.01·(1 + cos(πe/3))/2 = 0.01, 0.0075, 0.0025, times the warm-up factor
        // 0.5 at e = 0 and 1 after.
        assertArrayEquals(new double[]{0.005, 0.0075, 0.0025}, lrColumn(a), 1e-15);
    }

    @Test
    void oneCycleShowsEachEpochsFirstBatch() throws Exception {
        TrainerTest.Run run = run("", "cross_entropy", "{sgd: {lr: 0.05, momentum: 0.9}}",
                "schedule: {onecycle: {max_lr: 0.1}}");
        // 120 training images in batches of 20: 6 batches per epoch, 18 steps; steps 0, 6 and 12.
        LearningRateSchedule schedule = LearningRateSchedule.of(ModelFixtures.parse("t.yaml", String.format(BASE, "",
                "cross_entropy", "{sgd: {lr: 0.05}}", "schedule: {onecycle: {max_lr: 0.1}}")).spec());
        double[] expected = {schedule.lr(0, 0, 6), schedule.lr(1, 0, 6), schedule.lr(2, 0, 6)};
        assertArrayEquals(expected, lrColumn(run), 0);
        assertEquals(0.1 / 25, expected[0], 1e-17); // max_lr / div_factor at step 0
    }

    @Test
    void aScheduleThatKeepsTheRateChangesNothingAndOneThatMovesItDoes() throws Exception {
        TrainerTest.Run constant = run("", "cross_entropy", "{adam: {lr: 0.01}}", "");
        // step_size beyond the run: the rate is set before every batch, always to the optimizer's own.
        TrainerTest.Run kept = run("", "cross_entropy", "{adam: {lr: 0.01}}", "schedule: {step: {step_size: 10}}");
        TrainerTest.Run decayed = run("", "cross_entropy", "{adam: {lr: 0.01}}",
                "schedule: {step: {step_size: 1, gamma: 0.5}}");
        assertArrayEquals(constant.params(), kept.params());
        assertEquals(TrainerTest.untimed(constant.epochs()), TrainerTest.untimed(kept.epochs()));
        assertArrayEquals(new double[]{0.01, 0.005, 0.0025}, lrColumn(decayed), 0);
        assertEquals(TrainerTest.untimed(constant.epochs()).subList(0, 8),
                TrainerTest.untimed(decayed.epochs()).subList(0, 8), "the first epoch trains at the base rate");
        assertFalse(Arrays.equals(constant.params(), decayed.params()));
    }

    @Test
    void labelSmoothingRaisesTheReportedLosses() throws Exception {
        TrainerTest.Run plain = run("", "cross_entropy", "{adam: {lr: 0.01}}", "");
        TrainerTest.Run smoothed = run("", "{cross_entropy: {label_smoothing: 0.2}}", "{adam: {lr: 0.01}}", "");
        // Same first forward pass and data; the smoothed criterion adds ε·(mean_k(−log p_k) − (−log p_y)) ≥ 0 per
        // example while the network is confident in the right class, which these bars make it within an epoch.
        EpochMetrics p = plain.epochs().get(0);
        EpochMetrics s = smoothed.epochs().get(0);
        assertEquals(List.of(true, true), List.of(s.trainLoss() > p.trainLoss(), s.testLoss() > p.testLoss()));
    }
}
