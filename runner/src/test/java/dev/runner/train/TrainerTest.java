package dev.runner.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.config.ExperimentSpec;
import dev.runner.config.LoadedExperiment;
import dev.runner.data.DatasetInfo;
import dev.runner.data.ImageSet;
import dev.runner.data.LoadedDataset;
import dev.runner.model.CompiledModel;
import dev.runner.model.ModelFixtures;
import dev.runner.model.ShapeInference;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Short training runs on synthetic digits (a bright bar whose row is the class, plus noise): 160 training images
 * (120 train, 40 validation), 40 test images, a small CNN, two epochs. Everything a run draws (split, init,
 * dropout, shuffle, rotation) comes from the experiment's seed.
 */
class TrainerTest {
    /** The reference run, shared by the tests below: training is the slow part. */
    private static Run first;

    static final String EXPERIMENT = """
            name: tiny
            seed: 123
            dataset: {name: mnist, validation_split: 0.25}
            transforms:
              train:
                - random_rotation: {degrees: 10}
                - normalize: auto
              eval:
                - normalize: auto
            model:
              layers:
                - conv2d: {filters: 4, kernel: 3}
                - relu
                - maxpool: 2
                - flatten
                - dense: {units: 16, activation: relu}
                - dropout: 0.25
                - dense: {units: 10}
            optimizer: {adam: {lr: 0.02}}
            training: {epochs: 2, batch_size: 20, eval_batch_size: 50}
            """;

    /** Class k: rows 2k+3 to 2k+5 bright, everything else faint noise. */
    static ImageSet bars(int n, long seed) {
        Random random = new Random(seed);
        float[] pixels = new float[n * 784];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int label = i % 10;
            labels[i] = label;
            for (int p = 0; p < 784; p++) {
                int row = p / 28;
                boolean bar = row >= 2 * label + 3 && row <= 2 * label + 5 && p % 28 >= 4 && p % 28 < 24;
                pixels[i * 784 + p] = bar ? 0.7f + 0.3f * random.nextFloat() : 0.2f * random.nextFloat();
            }
        }
        return new ImageSet(pixels, labels, 784);
    }

    static LoadedDataset data() {
        return new LoadedDataset(DatasetInfo.MNIST, bars(160, 1), bars(40, 2));
    }

    record Run(float[] params, List<EpochMetrics> epochs, List<String> events, RunData data) {
    }

    /** A run's training as a run sets it up ({@link TrainingSetup}), on the calling thread. */
    static Run run(LoadedExperiment experiment, LoadedDataset dataset) throws Exception {
        ExperimentSpec spec = experiment.spec();
        TrainingSetup setup = TrainingSetup.prepare(spec, new ShapeInference().infer(experiment), dataset);
        Seeds seeds = setup.seeds();
        RunData data = setup.data();
        CompiledModel model = setup.model();
        List<String> events = new ArrayList<>();
        TrainingObserver observer = new TrainingObserver() {
            @Override
            public void onEpochStart(int epoch, int epochs, int batches) {
                events.add("start " + epoch + "/" + epochs + " " + batches);
            }

            @Override
            public void onBatch(int epoch, int batch, double loss) {
                events.add("batch " + epoch + "." + batch);
            }

            @Override
            public void onEpochEnd(EpochMetrics metrics) {
                events.add("end " + metrics.epoch());
            }
        };
        Trainer.Outcome outcome = new Trainer().train(model.network(), data, spec, seeds, List.of(observer));
        return new Run(model.network().params().dup('c').data().asFloat(), outcome.epochs(), events, data);
    }

    /** Every metric but the timings, as exact bits. */
    static List<Long> untimed(List<EpochMetrics> epochs) {
        List<Long> out = new ArrayList<>();
        for (EpochMetrics m : epochs) {
            for (double v : new double[]{m.epoch(), m.trainLoss(), m.trainAccuracy(), m.valLoss(), m.valAccuracy(),
                    m.testLoss(), m.testAccuracy(), m.learningRate()}) {
                out.add(Double.doubleToRawLongBits(v));
            }
        }
        return out;
    }

    @BeforeAll
    static void trainOnce() throws Exception {
        first = run(ModelFixtures.parse("tiny.yaml", EXPERIMENT), data());
    }

    @Test
    void sameSeedIsBitIdentical() throws Exception {
        Run again = run(ModelFixtures.parse("tiny.yaml", EXPERIMENT), data());
        assertArrayEquals(first.params(), again.params());
        assertEquals(untimed(first.epochs()), untimed(again.epochs()));
    }

    @Test
    void anotherSeedDiffers() throws Exception {
        LoadedExperiment reseeded;
        try (var loader = new dev.runner.config.ExperimentLoader()) {
            // One epoch is enough to tell: the split, initialisation and shuffle all change with the seed.
            reseeded = loader.parse("tiny.yaml", EXPERIMENT, List.of("seed=124", "training.epochs=1"));
        }
        Run other = run(reseeded, data());
        assertEquals(first.params().length, other.params().length);
        assertFalse(java.util.Arrays.equals(first.params(), other.params()));
        assertNotEquals(first.epochs().get(0).trainLoss(), other.epochs().get(0).trainLoss());
    }

    @Test
    void metricsAndObserversOfOneRun() {
        Run run = first;
        assertEquals(120, run.data().train().count());
        assertEquals(40, run.data().validation().count());
        assertEquals(40, run.data().test().count());
        // 120 images in batches of 20: 6 batches.
        List<String> expected = new ArrayList<>();
        for (int epoch = 1; epoch <= 2; epoch++) {
            expected.add("start " + epoch + "/2 6");
            for (int batch = 1; batch <= 6; batch++) expected.add("batch " + epoch + "." + batch);
            expected.add("end " + epoch);
        }
        assertEquals(expected, run.events());
        assertEquals(2, run.epochs().size());
        for (EpochMetrics m : run.epochs()) {
            assertEquals(0.02, m.learningRate());
            for (double v : new double[]{m.trainLoss(), m.valLoss(), m.testLoss()}) {
                assertTrue(v > 0 && Double.isFinite(v), "loss " + v);
            }
            // Accuracies are counts over 120 or 40 images.
            assertEquals(Math.round(m.trainAccuracy() * 120), m.trainAccuracy() * 120, 1e-9);
            assertEquals(Math.round(m.valAccuracy() * 40), m.valAccuracy() * 40, 1e-9);
            assertEquals(Math.round(m.testAccuracy() * 40), m.testAccuracy() * 40, 1e-9);
            assertTrue(m.epochSeconds() > 0 && m.imagesPerSecond() > 0);
        }
        // The bars are easy: two short epochs already learn much of them (chance is 0.1).
        assertTrue(run.epochs().get(1).trainLoss() < run.epochs().get(0).trainLoss(), run.epochs()::toString);
        assertTrue(run.epochs().get(1).testAccuracy() >= 0.5, run.epochs()::toString);
    }

    @Test
    void withoutValidationTheValidationMetricsAreNaN() throws Exception {
        LoadedExperiment experiment;
        try (var loader = new dev.runner.config.ExperimentLoader()) {
            experiment = loader.parse("tiny.yaml", EXPERIMENT, List.of("dataset.validation_split=0",
                    "training.epochs=1", "dataset.train_limit=64"));
        }
        Run run = run(experiment, data());
        assertEquals(null, run.data().validation());
        assertEquals(64, run.data().train().count());
        assertTrue(Double.isNaN(run.epochs().get(0).valLoss()));
        assertTrue(Double.isNaN(run.epochs().get(0).valAccuracy()));
    }
}
