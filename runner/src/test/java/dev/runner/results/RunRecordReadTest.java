package dev.runner.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.config.CheckpointSpec;
import dev.runner.config.EarlyStoppingSpec;
import dev.runner.config.MonitorMode;
import dev.runner.train.BackendInfo;
import dev.runner.train.NativeKernels;
import dev.runner.train.EpochMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * run.json read back: what this runner writes, and the files of runners before {@code format_version} (kept as
 * fixtures under {@code results/v1/}, as they were written), which resume and {@code compare} must keep reading.
 */
class RunRecordReadTest {
    @TempDir
    Path dir;

    private Path fixture(String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = RunRecordReadTest.class.getResourceAsStream("/results/v1/" + name)) {
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    @Test
    void readsAVersion1RecordWithCheckpointAndEarlyStopping() throws IOException {
        RunRecord.Stored r = RunRecord.read(fixture("run-checkpoint.json"));
        assertEquals(1, r.formatVersion());
        assertEquals("lenet", r.name());
        assertEquals("20261123-080000", r.runId());
        assertEquals(Optional.of(RunStatus.COMPLETED), r.status());
        assertTrue(r.is(RunStatus.COMPLETED));
        assertNull(r.error());
        assertEquals(1234L, r.seed());
        assertEquals(List.of("training.epochs=2"), r.overrides());
        assertEquals("fashion-mnist", r.dataset());
        assertEquals(Map.of("train", 54000, "validation", 6000, "test", 10000), r.examples());
        assertEquals(44426L, r.parameters());
        assertEquals(2, r.epochsCompleted());
        assertEquals(0.78125, r.finalMetrics().get("val_accuracy"));
        assertEquals(0.59375, r.finalMetrics().get("rotated_test_accuracy"));
        assertEquals("val_accuracy", r.checkpoint().monitor());
        assertEquals("max", r.checkpoint().mode());
        assertEquals(1, r.checkpoint().bestEpoch());
        assertEquals(0.8125, r.checkpoint().bestValue());
        assertEquals(0.84375, r.checkpoint().bestMetrics().get("test_accuracy"));
        assertEquals(RunLayout.BEST_MODEL, r.checkpoint().file());
        assertEquals(new RunRecord.Throughput(4624.9, 5000.0, 22.3, 25000.0), r.throughput());
        assertEquals("cd".repeat(32), r.paramsSha256());
        assertEquals(RunLayout.BEST_MODEL, r.files().get("best_model"));
        // Written before the CPU and kernels were recorded: what it has is read, the rest is null.
        assertEquals(new RunRecord.StoredKernels(null, null, null, null, null, null, "1"), r.kernels());
    }

    /** The hand-made records of compare's fixtures: most keys missing, a val_accuracy that was not measured. */
    @Test
    void readsAnOlderRecordWithFewKeys() throws IOException {
        RunRecord.Stored r = RunRecord.read(fixture("run-compare-fixture.json"));
        assertEquals(1, r.formatVersion());
        assertEquals(7L, r.seed());
        assertNull(r.dataset());
        assertTrue(r.overrides().isEmpty());
        assertTrue(r.examples().isEmpty());
        assertEquals(1, r.checkpoint().bestEpoch());
        assertEquals(11.0, r.throughput().trainSeconds());
        assertNull(r.paramsSha256());
    }

    /** What a sweep point that failed before training left, before it was written through {@link RunRecord}. */
    @Test
    void readsAFailedBeforeTrainingRecord() throws IOException {
        RunRecord.Stored r = RunRecord.read(fixture("run-failed-before-training.json"));
        assertEquals(Optional.of(RunStatus.FAILED), r.status());
        assertEquals("dataset mnist not found in /data", r.error());
        assertEquals("ab12cd34ef56", r.runId());
        assertNull(r.name());
        assertNull(r.epochsCompleted());
        assertNull(r.checkpoint());
        assertNull(r.finalMetrics().get("val_accuracy"));
        assertNull(r.throughput().trainImagesPerSecond());
    }

    @Test
    void failedBeforeTrainingIsWrittenAndReadBack() throws IOException {
        Path file = dir.resolve(RunLayout.RECORD);
        new RunRecord.FailedBeforeTraining("ab12cd34ef56", "no such dataset").write(file);
        RunRecord.Stored r = RunRecord.read(file);
        assertEquals(RunRecord.FORMAT_VERSION, r.formatVersion());
        assertTrue(r.is(RunStatus.FAILED));
        assertFalse(r.is(RunStatus.COMPLETED));
        assertEquals("no such dataset", r.error());
        assertEquals("ab12cd34ef56", r.runId());
    }

    @Test
    void whatIsWrittenReadsBack() throws IOException {
        BackendInfo backend = new BackendInfo("CPU", "nd4j-native", "linux-x86_64", "amd64 CPU, 2 cores", null, null,
                "1", "PASSIVE", "false", 2, "1.0.0-M2.1", "17.0.15", 2, new NativeKernels("GenuineIntel",
                "Intel(R) Xeon(R)", List.of("avx", "fma", "avx2"), "Haswell", "Haswell", "AVX2", "AVX2", "derived"));
        List<EpochMetrics> epochs = List.of(
                new EpochMetrics(1, 0.7, 0.75, 0.5, 0.8, 0.45, 0.84, 0.001, 10, 100, 1000),
                new EpochMetrics(2, 0.3, 0.9, 0.6, 0.79, 0.2, 0.9, 0.001, 10, 200, 2000));
        ZonedDateTime start = ZonedDateTime.of(2026, 11, 29, 8, 0, 0, 0, ZoneOffset.UTC);
        Map<String, String> files = new LinkedHashMap<>();
        files.put("config", RunLayout.CONFIG);
        files.put("best_model", RunLayout.BEST_MODEL);
        RunRecord written = new RunRecord("quick", "20261129-080000", "d", "ab".repeat(32), 7, List.of("seed=7"),
                "mnist", Map.of("train", 2000), 1234, backend, "0.1.0", null, start, start.plusSeconds(25), null,
                RunStatus.COMPLETED, null, epochs, "cd".repeat(32), files, List.of(),
                new CheckpointSpec("val_loss", MonitorMode.MIN), epochs.get(0),
                new EarlyStoppingSpec("val_loss", 1, MonitorMode.MIN, 0), 2, new Execution("local", null, null, null, null),
                null);
        Path file = dir.resolve(RunLayout.RECORD);
        written.write(file);
        assertFalse(Files.exists(dir.resolve(RunLayout.RECORD + ".partial")));
        RunRecord.Stored r = RunRecord.read(file);
        assertEquals(2, r.formatVersion());
        assertTrue(r.is(RunStatus.COMPLETED));
        assertEquals(7L, r.seed());
        assertEquals(2, r.epochsCompleted());
        assertEquals(0.79, r.finalMetrics().get("val_accuracy"));
        assertEquals(1, r.checkpoint().bestEpoch());
        assertEquals(0.5, r.checkpoint().bestValue());
        assertEquals(RunRecord.throughput(epochs), r.throughput());
        assertEquals(150.0, r.throughput().trainImagesPerSecond());
        assertEquals(files, r.files());
        assertEquals(new RunRecord.StoredKernels("Intel(R) Xeon(R)", List.of("avx", "fma", "avx2"), "Haswell",
                "Haswell", "AVX2", "AVX2", "1"), r.kernels());
    }

    @Test
    void aNewerFormatOrNotAnObjectIsUnreadableWithAReason() throws IOException {
        Path newer = dir.resolve("newer.json");
        Files.writeString(newer, "{\"format_version\": 3, \"status\": \"completed\"}");
        RunRecord.UnreadableException e = assertThrows(RunRecord.UnreadableException.class,
                () -> RunRecord.read(newer));
        assertEquals("newer.json has format_version 3; this runner reads up to 2 (a newer runner wrote it)",
                e.getMessage());
        Path empty = dir.resolve("empty.json");
        Files.writeString(empty, "");
        assertThrows(RunRecord.UnreadableException.class, () -> RunRecord.read(empty));
        Path cut = dir.resolve("cut.json");
        Files.writeString(cut, "{\"status\": \"compl");
        assertThrows(IOException.class, () -> RunRecord.read(cut));
    }

    @Test
    void anUnknownStatusIsNoStatus() throws IOException {
        Path file = dir.resolve("run.json");
        Files.writeString(file, "{\"status\": \"running\"}");
        RunRecord.Stored r = RunRecord.read(file);
        assertEquals("running", r.statusText());
        assertEquals(Optional.empty(), r.status());
    }
}
