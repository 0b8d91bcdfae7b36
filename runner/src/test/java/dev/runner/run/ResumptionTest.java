package dev.runner.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.data.DatasetInfo;
import dev.runner.data.ImageSet;
import dev.runner.data.LoadedDataset;
import dev.runner.model.ModelFixtures;
import dev.runner.results.MetricsCsv;
import dev.runner.results.RunLayout;
import dev.runner.results.RunRecord;
import dev.runner.results.RunStatus;
import dev.runner.train.DropoutRandom;
import dev.runner.train.EpochMetrics;
import dev.runner.train.Seeds;
import dev.runner.train.TrainingObserver;
import dev.runner.train.TrainingPolicies;
import dev.runner.train.TrainingSetup;
import dev.runner.train.TrainingState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resuming in process, on synthetic digits: a run that failed after epoch 1 goes on to the parameters and metrics of
 * the run that never stopped, with dropout and a checkpoint; and every way a folder's saved state can be unusable is
 * refused with a message saying which, never resumed.
 */
class ResumptionTest {
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
                - dropout: 0.3
                - dense: {units: 10}
            optimizer: {adam: {lr: 0.01}}
            training: {epochs: 3, batch_size: 20, eval_batch_size: 40}
            checkpoint: {monitor: val_loss}
            early_stopping: {monitor: val_loss, patience: 5}
            """;

    @TempDir
    Path results;

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

    private static PreparedExperiment experiment() throws Exception {
        return PreparedExperiment.of(ModelFixtures.parse("tiny.yaml", EXPERIMENT));
    }

    private ExperimentRun.Options options(String sub) {
        return new ExperimentRun.Options(results.resolve(sub), List.of("seed=3"), "0123abcd");
    }

    /** A run that fails at the end of epoch 2 (before its state is kept): its folder holds epoch 1's state. */
    private Path interrupted(String sub) throws Exception {
        TrainingObserver failing = new TrainingObserver() {
            @Override
            public void onEpochEnd(EpochMetrics metrics) {
                if (metrics.epoch() == 2) throw new IllegalStateException("killed at epoch 2");
            }
        };
        ExperimentRun.RunFailedException failed = assertThrows(ExperimentRun.RunFailedException.class,
                () -> new ExperimentRun().execute(experiment(), data(), options(sub), List.of(failing)));
        Path dir = failed.directory().path();
        assertTrue(Files.isRegularFile(dir.resolve(RunLayout.RESUME)));
        return dir;
    }

    @Test
    void aRunResumedAfterEpochOneEndsAsTheRunThatNeverStopped() throws Exception {
        ExperimentRun.Result reference = new ExperimentRun().execute(experiment(), data(), options("ref"), List.of());
        assertFalse(Files.exists(reference.directory().file(RunLayout.RESUME)), "a completed run keeps no state");
        Path dir = interrupted("cut");

        Resumption resumption = Resumption.open(dir);
        assertEquals(1, resumption.saved().epoch());
        assertEquals(List.of("seed=3"), resumption.saved().overrides());
        ExperimentRun.Result resumed = new ExperimentRun().resume(resumption, data(), List.of());
        assertEquals(reference.paramsSha256(), resumed.paramsSha256());
        RunRecord.Stored record = RunRecord.read(dir.resolve(RunLayout.RECORD));
        assertTrue(record.is(RunStatus.COMPLETED));
        assertEquals(1, record.resumedFromEpoch());
        assertEquals(3, record.epochsCompleted());
        assertEquals(List.of("seed=3"), record.overrides());
        assertEquals(RunRecord.read(reference.directory().file(RunLayout.RECORD)).checkpoint().bestEpoch(),
                record.checkpoint().bestEpoch());
        MetricsCsv.Table expected = MetricsCsv.read(reference.directory().file(RunLayout.METRICS));
        MetricsCsv.Table actual = MetricsCsv.read(dir.resolve(RunLayout.METRICS));
        assertEquals(3, actual.rows().size());
        for (String column : expected.header()) {
            if (!MetricsCsv.TIMING.contains(column)) assertEquals(expected.numbers(column), actual.numbers(column),
                    column);
        }
        assertFalse(Files.exists(dir.resolve(RunLayout.RESUME)));
        assertEquals(null, RunRecord.read(reference.directory().file(RunLayout.RECORD)).resumedFromEpoch());

        String refused = refusal(dir);
        assertTrue(refused.contains("is a completed run") && refused.contains("nothing to resume"), refused);
    }

    @Test
    void damagedOrForeignStatesAreRefusedSayingWhy() throws Exception {
        Path good = interrupted("good");
        byte[] zip = Files.readAllBytes(good.resolve(RunLayout.RESUME));

        Path truncated = copy(good, "truncated");
        Files.write(truncated.resolve(RunLayout.RESUME), java.util.Arrays.copyOf(zip, zip.length / 2));
        assertRefused(truncated, "resume.zip is damaged: not a readable zip file");

        Path empty = copy(good, "empty");
        Files.write(empty.resolve(RunLayout.RESUME), new byte[0]);
        assertRefused(empty, "resume.zip is damaged");

        Path noNetwork = copy(good, "no-network");
        rewrite(noNetwork, ResumeFile.NETWORK, null);
        assertRefused(noNetwork, "resume.zip is damaged: has no network.zip");

        Path changedNetwork = copy(good, "changed-network");
        byte[] network = entry(good, ResumeFile.NETWORK);
        network[network.length / 2] ^= 1;
        rewrite(changedNetwork, ResumeFile.NETWORK, network);
        assertRefused(changedNetwork, "network.zip does not have the content state.json was written with");

        Path badJson = copy(good, "bad-json");
        rewrite(badJson, ResumeFile.STATE, "{\"format\": \"runner-resume-state\", \"format_version\": 1".getBytes());
        assertRefused(badJson, "state.json is not JSON");

        Path missingKey = copy(good, "missing-key");
        String state = new String(entry(good, ResumeFile.STATE)).replace("\"dropout_random\"", "\"dropout\"");
        rewrite(missingKey, ResumeFile.STATE, state.getBytes());
        assertRefused(missingKey, "'dropout_random' is missing");

        Path edited = copy(good, "edited");
        Files.writeString(edited.resolve(RunLayout.CONFIG), Files.readString(edited.resolve(RunLayout.CONFIG))
                .replace("lr: 0.01", "lr: 0.02"));
        assertRefused(edited, "is not the config the saved state belongs to");

        Path noState = copy(good, "no-state");
        Files.delete(noState.resolve(RunLayout.RESUME));
        assertRefused(noState, "has no saved state (resume.zip)");

        Path notARun = Files.createDirectories(results.resolve("not-a-run"));
        assertRefused(notARun, "is not a run folder");

        // The file is whole and of this config, but its network is another's: found when the network is read, and
        // the folder is left as it was.
        Path foreign = copy(good, "foreign");
        PreparedExperiment other = PreparedExperiment.of(ModelFixtures.parse("other.yaml",
                EXPERIMENT.replace("units: 16", "units: 12")));
        ResumeFile.Saved saved = ResumeFile.read(good.resolve(RunLayout.RESUME));
        ResumeFile.write(foreign.resolve(RunLayout.RESUME), ResumeFile.of(TrainingSetup.compile(other.spec(),
                other.summary(), new Seeds(3)).network(), saved.training(), saved.trackers(), saved.configSha256(),
                3, ZonedDateTime.now(), List.of(), null));
        String metricsBefore = Files.readString(foreign.resolve(RunLayout.METRICS));
        Resumption opened = Resumption.open(foreign);
        ExperimentRun.ResumeStateException e = assertThrows(ExperimentRun.ResumeStateException.class,
                () -> new ExperimentRun().resume(opened, data(), List.of()));
        assertTrue(e.getMessage().contains("resume.zip is damaged: network.zip has ")
                && e.getMessage().contains("parameters; the config's network has "), e.getMessage());
        assertTrue(e.getMessage().contains("not resumed"), e.getMessage());
        assertEquals(metricsBefore, Files.readString(foreign.resolve(RunLayout.METRICS)), "the folder is untouched");

        // A state whose trackers do not fit the experiment's policies is as unusable.
        Path noTracker = copy(good, "no-tracker");
        ResumeFile.write(noTracker.resolve(RunLayout.RESUME), new ResumeFile.Saved(saved.configSha256(),
                saved.epochs(), saved.startedAt(), saved.overrides(), saved.gitCommit(), saved.training(),
                new TrainingPolicies.Trackers(saved.trackers().bestEpoch(), null), saved.paramsSha256(),
                saved.network()));
        Resumption withoutTracker = Resumption.open(noTracker);
        ExperimentRun.ResumeStateException t = assertThrows(ExperimentRun.ResumeStateException.class,
                () -> new ExperimentRun().resume(withoutTracker, data(), List.of()));
        assertTrue(t.getMessage().contains("early_stopping:, but no tracker is saved"), t.getMessage());
    }

    @Test
    void theDropoutGeneratorStateRestoresTheSameDraws() {
        org.nd4j.linalg.factory.Nd4j.getRandom().setSeed(42);
        DropoutRandom state = DropoutRandom.current();
        double[] first = org.nd4j.linalg.factory.Nd4j.rand(1, 64).toDoubleVector();
        state.restore();
        double[] again = org.nd4j.linalg.factory.Nd4j.rand(1, 64).toDoubleVector();
        assertTrue(java.util.Arrays.equals(first, again));
        double[] next = org.nd4j.linalg.factory.Nd4j.rand(1, 64).toDoubleVector();
        assertFalse(java.util.Arrays.equals(first, next), "the generator moves on after a draw");
        assertThrows(IllegalArgumentException.class, () -> new TrainingState(2, List.of(), state));
    }

    private static String refusal(Path dir) {
        return assertThrows(Resumption.NotResumableException.class, () -> Resumption.open(dir)).getMessage();
    }

    private static void assertRefused(Path dir, String expected) {
        String message = refusal(dir);
        assertTrue(message.contains(expected), message);
        assertTrue(message.contains(dir.toString()) || message.contains(dir.getFileName().toString()), message);
    }

    private Path copy(Path from, String name) throws IOException {
        Path to = results.resolve("copies").resolve(name);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(target);
                else Files.copy(f, target);
            }
        }
        return to;
    }

    private static byte[] entry(Path run, String name) throws IOException {
        try (ZipFile zip = new ZipFile(run.resolve(RunLayout.RESUME).toFile())) {
            return zip.getInputStream(zip.getEntry(name)).readAllBytes();
        }
    }

    /** The run's resume.zip with entry {@code name} replaced by {@code content} (null: left out). */
    private static void rewrite(Path run, String name, byte[] content) throws IOException {
        byte[] state = entry(run, ResumeFile.STATE);
        byte[] network = entry(run, ResumeFile.NETWORK);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = bytes; ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String e : List.of(ResumeFile.STATE, ResumeFile.NETWORK)) {
                byte[] value = e.equals(name) ? content : e.equals(ResumeFile.STATE) ? state : network;
                if (value == null) continue;
                zip.putNextEntry(new ZipEntry(e));
                zip.write(value);
                zip.closeEntry();
            }
        }
        Files.write(run.resolve(RunLayout.RESUME), bytes.toByteArray());
    }
}
