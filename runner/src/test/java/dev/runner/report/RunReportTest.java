package dev.runner.report;

import dev.runner.results.RunLayout;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runner.TestData;
import dev.runner.cli.CliRun;
import dev.runner.config.ExperimentLoader;
import dev.runner.config.ExperimentSpec;
import dev.runner.data.DatasetInfo;
import dev.runner.data.DatasetStore;
import dev.runner.train.RunData;
import dev.runner.train.Seeds;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A real run (quick.yaml with a random rotation added, on a few hundred MNIST images) and its report checked against
 * the saved model's own predictions on the same test images.
 */
class RunReportTest {
    private static final int TEST_IMAGES = 200;

    @TempDir
    static Path tmp;

    private static Path run;
    private static int[] truth;
    private static int[] predicted;
    private static Evaluation evaluation;

    @BeforeAll
    static void trainAndPredict() throws Exception {
        Path dataDir = TestData.ensure(DatasetInfo.MNIST);
        String quick = Files.readString(TestData.checkout().resolve("experiments/quick.yaml"));
        String rotated = quick.replace("  train:\n    - normalize: auto",
                "  train:\n    - random_rotation: {degrees: 20, fill: 0}\n    - normalize: auto");
        assertTrue(!rotated.equals(quick), "quick.yaml has the train transforms this test extends");
        Path yaml = tmp.resolve("quick.yaml");
        Files.writeString(yaml, rotated);
        Path results = tmp.resolve("results");
        CliRun cli = CliRun.of(yaml.toString(), "--out", results.toString(), "--data-dir", dataDir.toString(),
                "--set", "dataset.train_limit=300", "--set", "dataset.validation_limit=100",
                "--set", "dataset.test_limit=" + TEST_IMAGES, "--set", "training.epochs=2");
        assertEquals(0, cli.exitCode(), cli.err());
        try (var dirs = Files.list(results.resolve("quick"))) {
            run = dirs.findFirst().orElseThrow();
        }
        assertTrue(cli.out().contains("report: " + run.resolve("report.html") + "\n"), cli.out());

        // The test set as the run prepared it, and the saved model's predictions on it.
        ExperimentSpec spec;
        try (ExperimentLoader loader = new ExperimentLoader()) {
            spec = loader.load(run.resolve("config.yaml"), List.of()).spec();
        }
        RunData data = RunData.prepare(spec, new DatasetStore(dataDir).load(DatasetInfo.MNIST), new Seeds(spec.seed()));
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(run.resolve("model.zip").toFile());
        truth = new int[data.test().count()];
        predicted = new int[truth.length];
        evaluation = new Evaluation(10);
        int n = 0;
        for (Iterator<DataSet> it = data.test().inOrder(64); it.hasNext(); ) {
            DataSet batch = it.next();
            INDArray out = net.output(batch.getFeatures(), false);
            evaluation.eval(batch.getLabels(), out);
            for (int i = 0; i < batch.numExamples(); i++, n++) {
                truth[n] = batch.getLabels().getRow(i).argMax().getInt(0);
                predicted[n] = out.getRow(i).argMax().getInt(0);
            }
        }
    }

    private static List<CSVRecord> csv(String file) throws Exception {
        try (Reader r = Files.newBufferedReader(run.resolve(file))) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r).getRecords();
        }
    }

    @Test
    void confusionMatrixIsTheModelsOwnPredictions() throws Exception {
        int[][] expected = new int[10][10];
        for (int i = 0; i < truth.length; i++) expected[truth[i]][predicted[i]]++;
        List<CSVRecord> rows = csv("confusion_test.csv");
        assertEquals(10, rows.size());
        int[][] actual = new int[10][10];
        int sum = 0;
        for (int t = 0; t < 10; t++) {
            assertEquals(Integer.toString(t), rows.get(t).get(0));
            for (int p = 0; p < 10; p++) {
                actual[t][p] = Integer.parseInt(rows.get(t).get(p + 1));
                sum += actual[t][p];
            }
        }
        assertEquals(TEST_IMAGES, sum, "every test image counted once");
        for (int t = 0; t < 10; t++) assertArrayEquals(expected[t], actual[t], "row " + t);
    }

    @Test
    void perClassCsvIsDl4jsEvaluation() throws Exception {
        List<CSVRecord> rows = csv("per_class.csv");
        assertEquals(13, rows.size());
        double macroP = 0;
        double weightedF = 0;
        for (int c = 0; c < 10; c++) {
            CSVRecord r = rows.get(c);
            assertEquals(Integer.toString(c), r.get("class"));
            assertEquals(evaluation.precision(c), Double.parseDouble(r.get("precision")), 5e-7, "precision " + c);
            assertEquals(evaluation.recall(c), Double.parseDouble(r.get("recall")), 5e-7, "recall " + c);
            assertEquals(evaluation.f1(c), Double.parseDouble(r.get("f1")), 5e-7, "f1 " + c);
            assertEquals(evaluation.classCount(c), Integer.parseInt(r.get("support")), "support " + c);
            macroP += evaluation.precision(c) / 10;
            weightedF += evaluation.f1(c) * evaluation.classCount(c) / TEST_IMAGES;
        }
        assertEquals("accuracy", rows.get(10).get("class"));
        assertEquals(evaluation.accuracy(), Double.parseDouble(rows.get(10).get("f1")), 5e-7);
        assertEquals(Integer.toString(TEST_IMAGES), rows.get(10).get("support"));
        assertEquals(macroP, Double.parseDouble(rows.get(11).get("precision")), 5e-7);
        assertEquals(weightedF, Double.parseDouble(rows.get(12).get("f1")), 5e-7);
    }

    /** run.json lists the report's files before they are written: each must be there, and every other file too. */
    @Test
    void theRecordListsExactlyTheFilesThatExist() throws Exception {
        JsonNode files = new ObjectMapper().readTree(run.resolve("run.json").toFile()).get("files");
        List<String> listed = new ArrayList<>();
        files.fields().forEachRemaining(e -> listed.add(e.getKey() + "=" + e.getValue().asText()));
        List<String> expected = new ArrayList<>(List.of("config=config.yaml", "metrics=metrics.csv",
                "model=model.zip"));
        RunReport.files().forEach((key, file) -> expected.add(key + "=" + file));
        assertEquals(expected, listed);
        for (JsonNode file : files) assertTrue(Files.isRegularFile(run.resolve(file.asText())), file.asText());
        try (var all = Files.walk(run)) {
            assertEquals(listed.size(), all.filter(f -> Files.isRegularFile(f) && !f.endsWith("run.json")).count(),
                    "every file written but run.json itself is listed");
        }
    }

    @Test
    void plotsAreDrawn() throws Exception {
        Pngs.of(run.resolve(RunLayout.LOSS_PLOT)).assertDrawn(900, 540, 20, 0.02);
        Pngs.of(run.resolve(RunLayout.ACCURACY_PLOT)).assertDrawn(900, 540, 20, 0.02);
        Pngs.of(run.resolve(RunLayout.CONFUSION_PLOT)).assertDrawn(600, 600, 30, 0.3);
        Pngs.of(run.resolve(RunLayout.MISCLASSIFIED_PLOT)).assertDrawn(300, 150, 50, 0.1);
        Pngs.of(run.resolve(RunLayout.SAMPLES_PLOT)).assertDrawn(700, 600, 50, 0.3);
    }

    @Test
    void htmlEmbedsThePlotsAndStatesTheFinalMetrics() throws Exception {
        String html = Files.readString(run.resolve("report.html"));
        Matcher m = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
        List<byte[]> embedded = new ArrayList<>();
        while (m.find()) embedded.add(Base64.getDecoder().decode(m.group(1)));
        List<String> plots = List.of(RunLayout.LOSS_PLOT, RunLayout.ACCURACY_PLOT, RunLayout.CONFUSION_PLOT,
                RunLayout.MISCLASSIFIED_PLOT, RunLayout.SAMPLES_PLOT);
        assertEquals(plots.size(), embedded.size());
        for (int i = 0; i < plots.size(); i++) {
            assertArrayEquals(Files.readAllBytes(run.resolve(plots.get(i))), embedded.get(i), plots.get(i));
        }
        assertTrue(!html.contains("src=\"http") && !html.contains("href=\"http"), "nothing to fetch: works offline");

        JsonNode record = new ObjectMapper().readTree(run.resolve("run.json").toFile());
        JsonNode fin = record.get("final_metrics");
        for (String key : List.of("test_accuracy", "val_accuracy", "train_accuracy")) {
            String pct = String.format(Locale.ROOT, "%.2f%%", 100 * fin.get(key).asDouble());
            assertTrue(html.contains("<b>" + pct + "</b>"), key + " " + pct);
        }
        assertTrue(html.contains(String.format(Locale.ROOT, "<td>%.4f</td>", fin.get("test_loss").asDouble())));
        int wrong = 0;
        for (int i = 0; i < truth.length; i++) if (truth[i] != predicted[i]) wrong++;
        assertTrue(html.contains(wrong + " of " + TEST_IMAGES + " test images are misclassified"), "count");
        assertTrue(html.contains("random_rotation:\n"), "the config is on the page");
        assertTrue(html.contains(record.get("params_sha256").asText()));

        JsonNode files = record.get("files");
        for (String f : plots) assertTrue(files.toString().contains("\"" + f + "\""), f);
        for (String f : List.of("per_class.csv", "confusion_test.csv", "report.html")) {
            assertTrue(files.toString().contains("\"" + f + "\""), f);
        }
    }
}
