package dev.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runner.TestData;
import dev.runner.data.DatasetInfo;
import dev.runner.report.ParameterHash;
import dev.runner.results.MetricsCsv;
import dev.runner.results.RunLayout;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code experiments/quick.yaml} end to end on a few hundred MNIST images, through the command line. */
class RunCommandTest {
    private static Path dataDir;

    @TempDir
    Path results;

    @BeforeAll
    static void data() throws Exception {
        dataDir = TestData.ensure(DatasetInfo.MNIST);
    }

    private Path run(String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of(
                TestData.checkout().resolve("experiments/quick.yaml").toString(),
                "--out", results.toString(), "--data-dir", dataDir.toString(),
                "--set", "dataset.train_limit=300", "--set", "dataset.validation_limit=100",
                "--set", "dataset.test_limit=200", "--set", "training.epochs=2"));
        args.addAll(List.of(extra));
        return runArgs(args);
    }

    private Path runArgs(List<String> args) throws IOException {
        List<Path> before = runDirs();
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err());
        assertTrue(run.out().contains("\nepoch 1/2  train loss "), run.out());
        assertTrue(run.out().contains("\nepoch 2/2  train loss "), run.out());
        List<Path> after = runDirs();
        after.removeAll(before);
        assertEquals(1, after.size(), "one new run folder");
        Path dir = after.get(0);
        for (String f : List.of(RunLayout.CONFIG, RunLayout.METRICS, RunLayout.RECORD,
                RunLayout.MODEL)) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        assertTrue(run.out().endsWith("results: " + dir + "\n"), run.out());
        return dir;
    }

    private List<Path> runDirs() throws IOException {
        Path quick = results.resolve("quick");
        if (!Files.isDirectory(quick)) return new ArrayList<>();
        try (Stream<Path> s = Files.list(quick)) {
            return new ArrayList<>(s.toList());
        }
    }

    private static JsonNode record(Path dir) throws IOException {
        return new ObjectMapper().readTree(dir.resolve(RunLayout.RECORD).toFile());
    }

    /** metrics.csv without the timing columns, which measure the machine rather than the learning. */
    private static List<List<String>> learningColumns(Path dir) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(dir.resolve(RunLayout.METRICS))) {
            for (CSVRecord rec : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
                List<String> row = new ArrayList<>();
                for (String column : MetricsCsv.HEADER) {
                    if (!MetricsCsv.TIMING.contains(column)) row.add(rec.get(column));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    void sameConfigAndSeedGiveBitIdenticalRuns() throws Exception {
        Path first = run();
        Path second = run();
        assertNotEquals(first, second, "a run never reuses another run's folder");

        JsonNode a = record(first);
        JsonNode b = record(second);
        assertEquals("completed", a.get("status").asText());
        assertEquals(64, a.get("params_sha256").asText().length());
        assertEquals(a.get("params_sha256"), b.get("params_sha256"));
        assertEquals(a.get("config_sha256"), b.get("config_sha256"));
        assertEquals(a.get("final_metrics"), b.get("final_metrics"));
        List<List<String>> metrics = learningColumns(first);
        assertEquals(2, metrics.size());
        assertEquals(metrics, learningColumns(second));
        assertEquals(300, a.get("examples").get("train").asInt());
        assertEquals(100, a.get("examples").get("validation").asInt());
        assertEquals(200, a.get("examples").get("test").asInt());

        // The saved model is the trained network.
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(first.resolve(RunLayout.MODEL)
                .toFile());
        assertEquals(a.get("params_sha256").asText(), ParameterHash.of(restored.params()));

        // config.yaml alone, with nothing overridden, reproduces the run.
        Path again = runArgs(List.of(first.resolve(RunLayout.CONFIG).toString(), "--out", results.toString(),
                "--data-dir", dataDir.toString()));
        assertEquals(a.get("params_sha256"), record(again).get("params_sha256"));
        assertEquals(metrics, learningColumns(again));
        assertEquals(Files.readString(first.resolve(RunLayout.CONFIG)),
                Files.readString(again.resolve(RunLayout.CONFIG)));
    }

    /**
     * best_model.zip is the model of the epoch run.json names, and the metrics recorded for it and for the extra set
     * are what the saved models give when evaluated again. The monitor is chosen so that the first epoch is best (the
     * train loss is highest there), which makes the best model differ from the final one.
     */
    @Test
    void checkpointAndEvaluationSetFiguresAreTheSavedModelsOwn() throws Exception {
        Path dir = run("--set", "evaluation={rotated_test: {split: test, transforms: [{random_rotation: 25}, "
                + "{normalize: auto}]}}", "--set", "checkpoint={monitor: train_loss, mode: max}");
        JsonNode record = record(dir);
        JsonNode checkpoint = record.get("checkpoint");
        assertEquals(1, checkpoint.get("best_epoch").asInt());
        assertEquals(RunLayout.BEST_MODEL, checkpoint.get("file").asText());
        assertEquals(RunLayout.BEST_MODEL, record.get("files").get("best_model").asText());
        List<String> header;
        List<CSVRecord> rows;
        try (Reader r = Files.newBufferedReader(dir.resolve(RunLayout.METRICS))) {
            var parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r);
            header = parser.getHeaderNames();
            rows = parser.getRecords();
        }
        assertEquals(MetricsCsv.header(List.of("rotated_test")), header);
        assertEquals(rows.get(0).get("test_accuracy"), checkpoint.get("best_metrics").get("test_accuracy").asText());
        assertEquals(rows.get(1).get("rotated_test_accuracy"),
                record.get("final_metrics").get("rotated_test_accuracy").asText());

        // Evaluate the saved models again on the run's own data, rebuilt from its config.yaml.
        dev.runner.config.ExperimentSpec spec;
        try (var loader = new dev.runner.config.ExperimentLoader()) {
            spec = loader.load(dir.resolve(RunLayout.CONFIG), List.of()).spec();
        }
        var seeds = new dev.runner.train.Seeds(spec.seed());
        var data = dev.runner.train.RunData.prepare(spec,
                new dev.runner.data.DatasetStore(dataDir).load(DatasetInfo.MNIST), seeds);
        var evaluator = new dev.runner.train.Evaluator();
        MultiLayerNetwork best = ModelSerializer.restoreMultiLayerNetwork(dir.resolve(RunLayout.BEST_MODEL)
                .toFile());
        MultiLayerNetwork last = ModelSerializer.restoreMultiLayerNetwork(dir.resolve(RunLayout.MODEL).toFile());
        assertNotEquals(ParameterHash.of(best.params()), ParameterHash.of(last.params()));
        assertEquals(checkpoint.get("best_metrics").get("test_accuracy").asDouble(),
                evaluator.evaluate(best, data.test(), 1000, 10).accuracy());
        assertEquals(checkpoint.get("best_metrics").get("rotated_test_loss").asDouble(),
                evaluator.evaluate(best, data.extra().get(0).source(), 1000, 10).loss(), 1e-12);
        assertEquals(record.get("final_metrics").get("rotated_test_accuracy").asDouble(),
                evaluator.evaluate(last, data.extra().get(0).source(), 1000, 10).accuracy());
        // The run trained exactly as it would have without the set and the checkpoint.
        assertEquals(record(run()).get("params_sha256"), record.get("params_sha256"));
    }

    @Test
    void anotherSeedGivesAnotherRun() throws Exception {
        JsonNode a = record(run());
        JsonNode b = record(run("--set", "seed=8"));
        assertNotEquals(a.get("params_sha256"), b.get("params_sha256"));
        assertEquals(8, b.get("seed").asInt());
        assertEquals(List.of("dataset.train_limit=300", "dataset.validation_limit=100", "dataset.test_limit=200",
                "training.epochs=2", "seed=8"), new ObjectMapper().convertValue(b.get("overrides"), List.class));
    }
}
