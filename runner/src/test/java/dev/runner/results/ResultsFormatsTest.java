package dev.runner.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runner.config.CheckpointSpec;
import dev.runner.config.EarlyStoppingSpec;
import dev.runner.config.MonitorMode;
import dev.runner.train.BackendInfo;
import dev.runner.train.NativeKernels;
import dev.runner.train.EpochMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Golden files that seal the machine-readable outputs: later tools (compare, sweeps, CI scripts) parse them. */
class ResultsFormatsTest {
    @TempDir
    Path dir;

    private static String golden(String name) throws IOException {
        try (InputStream in = ResultsFormatsTest.class.getResourceAsStream("/report/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static final List<EpochMetrics> EPOCHS = List.of(
            new EpochMetrics(1, 0.6931471805599453, 0.75, 0.5, 0.8125, 0.4375, 0.84375, 0.001, 12.3456, 4321.06,
                    20000.04),
            new EpochMetrics(2, 0.25, 0.9, Double.NaN, Double.NaN, 0.125, 0.96875, 0.001, 10.0, 5000.0, 25000.0));

    /** Epochs of a run with one extra evaluation set, {@code rotated_test}. */
    private static final List<EpochMetrics> EPOCHS_WITH_SET = List.of(
            new EpochMetrics(1, 0.6931471805599453, 0.75, 0.5, 0.8125, 0.4375, 0.84375, 0.001, 12.3456, 4321.06,
                    20000.04, List.of(new EpochMetrics.SetMetrics("rotated_test", 1.25, 0.5625))),
            new EpochMetrics(2, 0.25, 0.9, 0.625, 0.78125, 0.125, 0.96875, 0.001, 10.0, 5000.0, 25000.0,
                    List.of(new EpochMetrics.SetMetrics("rotated_test", 1.5, 0.59375))));

    @Test
    void metricsCsvIsSealed() throws IOException {
        Path file = dir.resolve("metrics.csv");
        try (MetricsCsvWriter writer = new MetricsCsvWriter(file)) {
            EPOCHS.forEach(writer::onEpochEnd);
        }
        assertEquals(golden("metrics.csv"), Files.readString(file));
    }

    @Test
    void metricsCsvWithAnEvaluationSetIsSealed() throws IOException {
        Path file = dir.resolve("metrics.csv");
        try (MetricsCsvWriter writer = new MetricsCsvWriter(file, List.of("rotated_test"))) {
            EPOCHS_WITH_SET.forEach(writer::onEpochEnd);
        }
        assertEquals(golden("metrics-evaluation-set.csv"), Files.readString(file));
    }

    @Test
    void runJsonIsSealed() throws IOException {
        assertRecordMatches("run.json", EPOCHS, null, null, null, null);
    }

    /** Checkpoint, early stopping and an extra set add keys; the rest of the record keeps its shape. */
    @Test
    void runJsonWithCheckpointAndEarlyStoppingIsSealed() throws IOException {
        assertRecordMatches("run-checkpoint.json", EPOCHS_WITH_SET,
                new CheckpointSpec("val_accuracy", MonitorMode.MAX), EPOCHS_WITH_SET.get(0),
                new EarlyStoppingSpec("val_loss", 1, MonitorMode.MIN, 0.0), 2);
    }

    private void assertRecordMatches(String golden, List<EpochMetrics> epochs, CheckpointSpec checkpoint,
                                     EpochMetrics best, EarlyStoppingSpec stopping, Integer stoppedAt)
            throws IOException {
        BackendInfo backend = new BackendInfo("CPU", "nd4j-native", "linux-x86_64-onednn", "amd64 CPU, 2 cores", null,
                null, "1", "PASSIVE", "false", 2, "1.0.0-M2.1", "17.0.15", 2, new NativeKernels("AuthenticAMD",
                "AMD EPYC", List.of("sse4_1", "sse4_2", "avx", "fma", "avx2", "avx512f", "avx512dq", "avx512cd",
                "avx512bw", "avx512vl", "avx512_vnni", "avx512_bf16"), "Zen", "unset (detected)", "unset (all)",
                "AVX512_CORE_BF16", "derived from the CPU flags and DNNL_MAX_CPU_ISA by oneDNN's rules (oneDNN 2.3 "
                + "inside libnd4jcpu cannot be asked)"));
        ZonedDateTime start = ZonedDateTime.of(2026, 11, 23, 8, 0, 0, 0, ZoneOffset.UTC);
        Map<String, Integer> examples = new LinkedHashMap<>();
        examples.put("train", 54000);
        examples.put("validation", 6000);
        examples.put("test", 10000);
        Map<String, String> files = new LinkedHashMap<>();
        files.put("config", "config.yaml");
        files.put("metrics", "metrics.csv");
        if (checkpoint != null) files.put("best_model", "best_model.zip");
        files.put("model", "model.zip");
        RunRecord record = new RunRecord("lenet", "20261123-080000", "LeNet-5", "ab".repeat(32), 1234,
                List.of("training.epochs=2"), "fashion-mnist", examples, 44426, backend, "0.1.0", "0123abcd",
                start, start.plusSeconds(30), 4.5, RunStatus.COMPLETED, null, epochs, "cd".repeat(32), files,
                List.of("0: MKLDNNConvHelper"), checkpoint, best, stopping, stoppedAt,
                new Execution("local", null, null, null, null), null);
        Path file = dir.resolve("run.json");
        record.write(file);
        // Left beside the build for review when the golden file is deliberately updated.
        Files.copy(file, Path.of("target", golden + ".actual"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        // Environment-dependent values are fixed above, so the whole file is comparable.
        JsonNode expected = new ObjectMapper().readTree(golden(golden));
        JsonNode actual = new ObjectMapper().readTree(file.toFile());
        assertEquals(paths(expected, ""), paths(actual, ""), "keys and their order");
        assertEquals(expected, actual);
    }

    private static List<String> paths(JsonNode node, String prefix) {
        List<String> out = new ArrayList<>();
        if (node.isObject()) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                out.add(prefix + key);
                out.addAll(paths(node.get(key), prefix + key + "."));
            }
        }
        return out;
    }

    @Test
    void runFoldersAreNeverShared() throws IOException {
        ZonedDateTime start = ZonedDateTime.of(2026, 11, 23, 8, 0, 0, 0, ZoneOffset.UTC);
        RunDirectory a = RunDirectory.create(dir, "lenet", start);
        RunDirectory b = RunDirectory.create(dir, "lenet", start);
        assertEquals("20261123-080000", a.runId());
        assertEquals("20261123-080000-2", b.runId());
        assertEquals(dir.resolve("lenet").resolve("20261123-080000-2"), b.path());
    }
}
