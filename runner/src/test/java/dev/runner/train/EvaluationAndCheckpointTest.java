package dev.runner.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.config.ExperimentLoader;
import dev.runner.config.ExperimentSpec;
import dev.runner.config.LoadedExperiment;
import dev.runner.model.CompiledModel;
import dev.runner.model.ShapeInference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Extra evaluation sets, the best-epoch checkpoint and early stopping, on {@link TrainerTest}'s synthetic digits. None
 * of them may change what training does: they only watch it, or end it.
 */
class EvaluationAndCheckpointTest {
    private static final String ROTATED = "evaluation={rotated: {split: test, transforms: "
            + "[{random_rotation: 30}, {normalize: auto}]}, held_out: {split: validation}, seen: {split: train}}";

    private record Watched(Trainer.Outcome outcome, EpochMetrics best, float[] params, List<Integer> newBest,
                           List<String> stops, RunData data) {
    }

    private static Watched train(String... overrides) throws Exception {
        LoadedExperiment experiment;
        try (ExperimentLoader loader = new ExperimentLoader()) {
            experiment = loader.parse("tiny.yaml", TrainerTest.EXPERIMENT, List.of(overrides));
        }
        ExperimentSpec spec = experiment.spec();
        TrainingSetup setup = TrainingSetup.prepare(spec, new ShapeInference().infer(experiment), TrainerTest.data());
        Seeds seeds = setup.seeds();
        RunData data = setup.data();
        CompiledModel model = setup.model();
        List<Integer> newBest = new ArrayList<>();
        List<String> stops = new ArrayList<>();
        TrainingObserver watcher = new TrainingObserver() {
            @Override
            public void onNewBest(EpochMetrics metrics, String monitor) {
                newBest.add(metrics.epoch());
            }

            @Override
            public void onEarlyStop(int epoch, dev.runner.config.EarlyStoppingSpec rule) {
                stops.add(epoch + " " + rule.monitor());
            }
        };
        TrainingPolicies policies = TrainingPolicies.of(spec);
        Trainer.Outcome outcome = new Trainer().train(model.network(), data, spec, seeds, List.of(watcher),
                policies.listeners());
        return new Watched(outcome, policies.bestEpoch(), model.network().params().dup('c').data().asFloat(), newBest,
                stops, data);
    }

    @Test
    void extraSetsAreMeasuredEveryEpochWithoutChangingTraining() throws Exception {
        Watched plain = train();
        Watched watched = train(ROTATED);

        assertArrayEquals(plain.params(), watched.params(), "evaluation sets only watch");
        assertEquals(TrainerTest.untimed(plain.outcome().epochs()), TrainerTest.untimed(watched.outcome().epochs()));
        for (EpochMetrics m : watched.outcome().epochs()) {
            assertEquals(List.of("rotated", "held_out", "seen"), m.extra().stream()
                    .map(EpochMetrics.SetMetrics::name).toList());
            // The validation split through the eval transforms is the validation set: same numbers, bit for bit.
            assertEquals(m.valLoss(), m.value("held_out_loss"));
            assertEquals(m.valAccuracy(), m.value("held_out_accuracy"));
            assertEquals(Math.round(m.value("rotated_accuracy") * 40), m.value("rotated_accuracy") * 40, 1e-9);
            assertEquals(Math.round(m.value("seen_accuracy") * 120), m.value("seen_accuracy") * 120, 1e-9);
            assertTrue(m.value("rotated_loss") > 0 && Double.isFinite(m.value("rotated_loss")));
        }
        assertNull(watched.best());
        assertNull(watched.outcome().stoppedEarlyAt());
    }

    @Test
    void aRandomEvaluationTransformIsDrawnOnceFromTheSetsOwnSeed() throws Exception {
        LoadedExperiment experiment;
        try (ExperimentLoader loader = new ExperimentLoader()) {
            experiment = loader.parse("tiny.yaml", TrainerTest.EXPERIMENT, List.of(ROTATED));
        }
        Seeds seeds = new Seeds(experiment.spec().seed());
        RunData a = RunData.prepare(experiment.spec(), TrainerTest.data(), seeds);
        RunData b = RunData.prepare(experiment.spec(), TrainerTest.data(), seeds);
        RunData.EvaluationSet rotated = a.extra().get(0);
        assertEquals(40, rotated.source().count());
        for (int i = 0; i < 40; i++) {
            assertArrayEquals(rotated.source().image(i), b.extra().get(0).source().image(i), "image " + i);
        }
        int changed = 0;
        for (int i = 0; i < 40; i++) {
            if (!Arrays.equals(rotated.source().image(i), a.test().image(i))) changed++;
        }
        assertTrue(changed >= 35, changed + " of 40 rotated images differ from the test images");
    }

    @Test
    void theCheckpointFollowsStrictImprovementsOfItsMonitor() throws Exception {
        Watched run = train("training.epochs=4", "checkpoint={monitor: val_loss}");
        List<EpochMetrics> epochs = run.outcome().epochs();
        List<Integer> expected = new ArrayList<>();
        double best = Double.POSITIVE_INFINITY;
        for (EpochMetrics m : epochs) {
            if (m.valLoss() < best) {
                best = m.valLoss();
                expected.add(m.epoch());
            }
        }
        assertEquals(expected, run.newBest());
        assertEquals(1, run.newBest().get(0), "the first epoch is best until beaten");
        assertEquals(epochs.get(expected.get(expected.size() - 1) - 1), run.best());
    }

    @Test
    void earlyStoppingEndsTrainingAfterPatienceEpochsWithoutImprovement() throws Exception {
        // No epoch improves train_loss by more than 100, so epoch 1 stays best and patience 2 runs out after epoch 3.
        Watched stopped = train("training.epochs=6",
                "early_stopping={monitor: train_loss, patience: 2, min_delta: 100}");
        assertEquals(3, stopped.outcome().epochs().size());
        assertEquals(3, stopped.outcome().stoppedEarlyAt());
        assertEquals(List.of("3 train_loss"), stopped.stops());

        // Epochs that ran are the same epochs a run without early stopping trains.
        Watched full = train("training.epochs=3");
        assertArrayEquals(full.params(), stopped.params());

        Watched patient = train("training.epochs=3", "early_stopping={monitor: train_loss, patience: 5}");
        assertEquals(3, patient.outcome().epochs().size());
        assertNull(patient.outcome().stoppedEarlyAt());
        assertFalse(patient.stops().size() > 0);
    }
}
