package dev.runner.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.data.DatasetInfo;
import dev.runner.data.ImageSet;
import dev.runner.data.LoadedDataset;
import dev.runner.model.ModelFixtures;
import dev.runner.results.RunLayout;
import dev.runner.results.RunRecord;
import dev.runner.results.RunStatus;
import dev.runner.train.EpochMetrics;
import dev.runner.train.TrainingObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run into its folder on synthetic digits: what run.json says when training fails part-way (the epochs done, the
 * best epoch kept, the files that exist) and when it completes (the record built once, listing every file).
 */
class ExperimentRunTest {
    private static final String EXPERIMENT = """
            name: tiny
            seed: 3
            dataset: {name: mnist, validation_split: 0.25}
            transforms:
              train: [{normalize: auto}]
              eval: [{normalize: auto}]
            model:
              layers:
                - flatten
                - dense: {units: 16, activation: relu}
                - dense: {units: 10}
            optimizer: {sgd: {lr: 0.1}}
            training: {epochs: 3, batch_size: 20, eval_batch_size: 40}
            checkpoint: {monitor: val_loss}
            """;

    @TempDir
    Path results;

    /** Class k: a bright band at rows 2k+3 to 2k+5, faint noise elsewhere. */
    private static ImageSet bands(int n, long seed) {
        Random random = new Random(seed);
        float[] pixels = new float[n * 784];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
            for (int p = 0; p < 784; p++) {
                int row = p / 28;
                boolean band = row >= 2 * labels[i] + 3 && row <= 2 * labels[i] + 5;
                pixels[i * 784 + p] = band ? 0.7f + 0.3f * random.nextFloat() : 0.2f * random.nextFloat();
            }
        }
        return new ImageSet(pixels, labels, 784);
    }

    private static LoadedDataset data() {
        return new LoadedDataset(DatasetInfo.MNIST, bands(80, 1), bands(40, 2));
    }

    private static ExperimentRun.Options options(Path root) {
        return new ExperimentRun.Options(root, List.of("training.epochs=3"), "0123abcd");
    }

    @Test
    void aFailureMidRunRecordsWhatWasDone() throws Exception {
        PreparedExperiment experiment = PreparedExperiment.of(ModelFixtures.parse("tiny.yaml", EXPERIMENT));
        TrainingObserver failing = new TrainingObserver() {
            @Override
            public void onEpochEnd(EpochMetrics metrics) {
                if (metrics.epoch() == 2) throw new IllegalStateException("disk gone at epoch 2");
            }
        };
        ExperimentRun.RunFailedException failed = assertThrows(ExperimentRun.RunFailedException.class,
                () -> new ExperimentRun().execute(experiment, data(), options(results), List.of(failing)));
        assertEquals("disk gone at epoch 2", failed.getMessage());
        Path dir = failed.directory().path();
        RunRecord.Stored record = RunRecord.read(dir.resolve(RunLayout.RECORD));
        assertTrue(record.is(RunStatus.FAILED), record.statusText());
        assertEquals("disk gone at epoch 2", record.error());
        // Epoch 2 ended (its metrics row is written) before the failing observer heard of it.
        assertEquals(2, record.epochsCompleted());
        assertEquals(Map.of("train", 60, "validation", 20, "test", 40), record.examples());
        // Epoch 1 was kept as best; epoch 2 never reached the checkpoint's decision.
        assertEquals(1, record.checkpoint().bestEpoch());
        assertEquals(List.of("config", "metrics", "best_model"), List.copyOf(record.files().keySet()));
        assertTrue(Files.isRegularFile(dir.resolve(RunLayout.BEST_MODEL)));
        assertFalse(Files.exists(dir.resolve(RunLayout.MODEL)), "no final model after a failure");
        assertNull(record.paramsSha256());
        assertEquals(3, Files.readAllLines(dir.resolve(RunLayout.METRICS)).size(), "header and two epochs");
    }

    @Test
    void aCompletedRunRecordsEveryFileOnce() throws Exception {
        PreparedExperiment experiment = PreparedExperiment.of(ModelFixtures.parse("tiny.yaml", EXPERIMENT));
        ExperimentRun.Result result = new ExperimentRun().execute(experiment, data(), options(results), List.of());
        Path dir = result.directory().path();
        RunRecord.Stored stored = RunRecord.read(dir.resolve(RunLayout.RECORD));
        assertTrue(stored.is(RunStatus.COMPLETED), stored.statusText());
        assertEquals(3, stored.epochsCompleted());
        assertEquals(result.paramsSha256(), stored.paramsSha256());
        assertEquals(result.record().files(), stored.files());
        for (String file : stored.files().values()) assertTrue(Files.isRegularFile(dir.resolve(file)), file);
        assertEquals(List.of("training.epochs=3"), stored.overrides());
        assertEquals(result.record().best().epoch(), stored.checkpoint().bestEpoch());
    }
}
