package dev.runner.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runner.TestData;
import dev.runner.config.ExperimentSpec;
import dev.runner.data.DatasetInfo;
import dev.runner.data.DatasetStore;
import dev.runner.data.LoadedDataset;
import dev.runner.results.RunLayout;
import dev.runner.run.PreparedExperiment;
import dev.runner.train.RunData;
import dev.runner.train.Seeds;
import dev.runner.util.Sha256;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * {@code runner evaluate} and {@code runner predict} on one small run made through the command line (a few hundred
 * MNIST images, two epochs, batch norm and label smoothing, a checkpoint and a rotated evaluation set): the saved models reproduce run.json's figures
 * bit for bit, and test images saved as PNG are classified with the very probabilities the run's evaluation computes.
 */
class EvaluatePredictCommandTest {
    private static final String EXPERIMENT = """
            name: tiny
            seed: 11
            dataset:
              name: mnist
              validation_split: 0.1
              train_limit: 300
              validation_limit: 100
              test_limit: 150
            transforms:
              train: [{normalize: auto}]
              eval: [{normalize: auto}]
            model:
              layers:
                - conv2d: {filters: 4, kernel: 3}
                - batchnorm
                - relu
                - maxpool: 2
                - flatten
                - dense: {units: 16, activation: relu}
                - dropout: 0.25
                - dense: 10
            loss: {cross_entropy: {label_smoothing: 0.1}}
            optimizer:
              sgd: {lr: 0.05, momentum: 0.9}
            training: {epochs: 2, batch_size: 32, eval_batch_size: 64}
            evaluation:
              rotated_test:
                split: test
                transforms: [{random_rotation: {degrees: 25}}, {normalize: auto}]
            checkpoint: {monitor: val_loss, mode: min}
            """;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path root;
    private static Path dataDir;
    private static Path run;

    @TempDir
    Path scratch;

    @BeforeAll
    static void trainOnce() throws Exception {
        dataDir = TestData.ensure(DatasetInfo.MNIST);
        Path file = root.resolve("tiny.yaml");
        Files.writeString(file, EXPERIMENT);
        Path results = root.resolve("results");
        CliRun r = CliRun.of(file.toString(), "--out", results.toString(), "--data-dir", dataDir.toString());
        assertEquals(0, r.exitCode(), r.err());
        try (Stream<Path> dirs = Files.list(results.resolve("tiny"))) {
            run = dirs.findFirst().orElseThrow();
        }
    }

    private static CliRun cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (all.get(0).equals("evaluate") || all.get(0).equals("predict")) {
            all.addAll(List.of("--data-dir", dataDir.toString()));
        }
        return CliRun.of(all.toArray(String[]::new));
    }

    private static JsonNode json(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    private static JsonNode evaluation(String name) throws IOException {
        return json(run.resolve(RunLayout.EVALUATIONS).resolve(name).resolve("evaluation.json"));
    }

    /** Every file of the run folder but evaluations/, with its SHA-256. */
    private static Map<String, String> ownFiles() throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(run)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                String rel = run.relativize(p).toString();
                if (!rel.startsWith(RunLayout.EVALUATIONS)) files.put(rel, Sha256.hex(Sha256.digest(Files.readAllBytes(p))));
            }
        }
        return files;
    }

    @Test
    void finalModelReproducesTheRunsFinalMetricsExactly() throws IOException {
        Map<String, String> before = ownFiles();
        CliRun r = cli("evaluate", run.toString(), "--on", "test,val", "--on", "rotated_test");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode fin = json(run.resolve(RunLayout.RECORD)).path("final_metrics");
        for (String[] set : new String[][]{{"test", "test"}, {"val", "val"}, {"rotated_test", "rotated_test"}}) {
            JsonNode e = evaluation("final-" + set[0]);
            assertEquals(fin.path(set[1] + "_accuracy").asDouble(), e.path("accuracy").asDouble(), set[0]);
            assertEquals(fin.path(set[1] + "_loss").asDouble(), e.path("loss").asDouble(), set[0]);
            assertTrue(e.path("run_json").path("same").asBoolean(), e.toString());
            assertTrue(r.out().contains("final-" + set[0] + ": accuracy "), r.out());
            for (String f : List.of("confusion.csv", "confusion.png", "per_class.csv", "misclassified.png")) {
                assertTrue(Files.size(run.resolve(RunLayout.EVALUATIONS).resolve("final-" + set[0]).resolve(f)) > 0,
                        f);
            }
        }
        assertEquals(150, evaluation("final-test").path("examples").asInt());
        assertEquals(100, evaluation("final-val").path("examples").asInt());
        assertTrue(r.out().contains("the same, bit for bit"), r.out());
        assertEquals(before, ownFiles(), "evaluate changed no file of the run");
        assertEquals(Files.readString(run.resolve(RunLayout.CONFUSION_CSV)),
                Files.readString(run.resolve("evaluations/final-test/confusion.csv")),
                "the confusion matrix is the run's own");
        assertEquals(Files.readString(run.resolve(RunLayout.PER_CLASS)),
                Files.readString(run.resolve("evaluations/final-test/per_class.csv")));
    }

    @Test
    void bestModelReproducesTheCheckpointsMetricsExactly() throws IOException {
        CliRun r = cli("evaluate", run.toString(), "--model", "best", "--on", "test,rotated_test");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode best = json(run.resolve(RunLayout.RECORD)).path("checkpoint").path("best_metrics");
        for (String set : List.of("test", "rotated_test")) {
            JsonNode e = evaluation("best-" + set);
            assertEquals("best_model.zip", e.path("model_file").asText());
            assertEquals(best.path(set + "_accuracy").asDouble(), e.path("accuracy").asDouble(), set);
            assertEquals(best.path(set + "_loss").asDouble(), e.path("loss").asDouble(), set);
        }
    }

    @Test
    void anEvaluationSetGivenWithSetIsEvaluatedAndReplacedOnRerun() throws IOException {
        String set = "evaluation.rotated_40={split: test, transforms: [{random_rotation: 40}, {normalize: auto}]}";
        CliRun first = cli("evaluate", run.toString(), "--set", set, "--on", "rotated_40");
        assertEquals(0, first.exitCode(), first.err());
        JsonNode e = evaluation("final-rotated_40");
        assertTrue(e.path("run_json").isNull(), "the run never measured this set");
        assertTrue(e.path("transforms").asText().startsWith("random_rotation(±40°"), e.toString());
        assertTrue(first.out().contains("run.json has no figures for this set"), first.out());
        String firstTime = e.path("evaluated_at").asText();
        CliRun second = cli("evaluate", run.toString(), "--set", set, "--on", "rotated_40");
        assertEquals(0, second.exitCode(), second.err());
        JsonNode again = evaluation("final-rotated_40");
        assertNotEquals(firstTime, again.path("evaluated_at").asText(), "the folder was replaced");
        assertEquals(e.path("accuracy").asDouble(), again.path("accuracy").asDouble(), "the same draws again");
        try (Stream<Path> left = Files.list(run.resolve(RunLayout.EVALUATIONS))) {
            assertFalse(left.anyMatch(p -> p.getFileName().toString().startsWith(".")), "no staging folder left");
        }
    }

    @Test
    void evaluateRefusesWhatItCannotDo() throws IOException {
        CliRun noSet = cli("evaluate", run.toString(), "--on", "rotated");
        assertEquals(2, noSet.exitCode());
        assertTrue(noSet.err().contains("no evaluation set 'rotated'") && noSet.err().contains(
                "valid: test, val, rotated_test"), noSet.err());

        CliRun otherKey = cli("evaluate", run.toString(), "--set", "dataset.test_limit=10");
        assertEquals(2, otherKey.exitCode());
        assertTrue(otherKey.err().contains("only evaluation sets can be set here"), otherKey.err());

        CliRun badModel = cli("evaluate", run.toString(), "--model", "latest");
        assertEquals(2, badModel.exitCode());
        assertTrue(badModel.err().contains("--model must be final (model.zip) or best (best_model.zip)"),
                badModel.err());

        CliRun notARun = cli("evaluate", scratch.toString());
        assertEquals(2, notARun.exitCode());
        assertTrue(notARun.err().contains("is not a run folder: it has no config.yaml"), notARun.err());

        // A run without checkpoint: its folder has model.zip only.
        Path plain = scratch.resolve("plain");
        Files.createDirectories(plain);
        Files.writeString(plain.resolve(RunLayout.CONFIG), Files.readString(run.resolve(RunLayout.CONFIG))
                .replaceAll("(?ms)^checkpoint:.*?(?=^\\S|\\z)", ""));
        Files.copy(run.resolve(RunLayout.MODEL), plain.resolve(RunLayout.MODEL));
        CliRun noBest = cli("evaluate", plain.toString(), "--model", "best");
        assertEquals(2, noBest.exitCode(), noBest.err());
        assertTrue(noBest.err().contains("has no best model: its experiment has no checkpoint: section"),
                noBest.err());

        Files.writeString(plain.resolve(RunLayout.MODEL), "not a zip");
        CliRun broken = cli("evaluate", plain.toString());
        assertEquals(1, broken.exitCode(), broken.err());
        assertTrue(broken.err().startsWith("runner: error: cannot read " + plain.resolve(RunLayout.MODEL)),
                broken.err());
        assertFalse(Files.exists(plain.resolve(RunLayout.EVALUATIONS)), "nothing written for a failed evaluation");
    }

    /** The run's data and model, as prepared from its folder. */
    private record Saved(RunData data, MultiLayerNetwork network, int evalBatch) {
        static Saved load() throws Exception {
            ExperimentSpec spec = PreparedExperiment.load(run.resolve(RunLayout.CONFIG), List.of()).spec();
            LoadedDataset dataset = new DatasetStore(dataDir).load(DatasetInfo.MNIST);
            return new Saved(RunData.prepare(spec, dataset, new Seeds(spec.seed())),
                    ModelSerializer.restoreMultiLayerNetwork(run.resolve(RunLayout.MODEL).toFile(), false),
                    spec.training().evalBatchSize());
        }

        /** The network's output for each of the first {@code count} test images as the run's evaluation computes it. */
        List<float[]> evaluationOutputs(int count) {
            List<float[]> outputs = new ArrayList<>();
            Iterator<DataSet> batches = data.test().inOrder(evalBatch);
            while (outputs.size() < count) {
                INDArray p = network.output(batches.next().getFeatures(), false);
                for (int i = 0; i < p.rows(); i++) outputs.add(p.getRow(i).toFloatVector());
            }
            return outputs.subList(0, count);
        }

        /** The network's output for the given test images of the run's prepared test set, as one batch. */
        List<float[]> batchOutputs(int... indexes) {
            float[] features = new float[indexes.length * 784];
            for (int i = 0; i < indexes.length; i++) System.arraycopy(data.test().image(indexes[i]), 0, features, i * 784, 784);
            INDArray p = network.output(org.nd4j.linalg.factory.Nd4j.create(features,
                    new long[]{indexes.length, 28, 28, 1}, 'c'), false);
            List<float[]> outputs = new ArrayList<>();
            for (int i = 0; i < indexes.length; i++) outputs.add(p.getRow(i).toFloatVector());
            return outputs;
        }
    }

    /** Test image {@code index} exactly as the IDX file has it, as an 8-bit grey image. */
    private static BufferedImage testImage(LoadedDataset dataset, int index, int scale, int type) {
        BufferedImage img = new BufferedImage(28 * scale, 28 * scale, type);
        for (int y = 0; y < 28 * scale; y++) {
            for (int x = 0; x < 28 * scale; x++) {
                float v = dataset.test().pixels()[index * 784 + (y / scale) * 28 + x / scale];
                int b = Math.round(v * 255);
                assertEquals(v, b / 255f, "the IDX byte comes back exactly");
                if (type == BufferedImage.TYPE_BYTE_GRAY) img.getRaster().setSample(x, y, 0, b);
                else img.setRGB(x, y, (b << 16) | (b << 8) | b);
            }
        }
        return img;
    }

    @Test
    void predictGivesTheRunsOwnOutputsForTestImagesSavedAsPng() throws Exception {
        LoadedDataset dataset = new DatasetStore(dataDir).load(DatasetInfo.MNIST);
        int n = 6;
        List<String> args = new ArrayList<>(List.of("predict", run.toString(), "--json"));
        for (int i = 0; i < n; i++) {
            Path png = scratch.resolve("test-" + i + ".png");
            ImageIO.write(testImage(dataset, i, 1, BufferedImage.TYPE_BYTE_GRAY), "png", png.toFile());
            args.add(png.toString());
        }
        // The same pixels stored as RGB, and at twice the size: the conversion gives the dataset's image back.
        Path rgb = scratch.resolve("test-0-rgb.png");
        ImageIO.write(testImage(dataset, 0, 1, BufferedImage.TYPE_INT_RGB), "png", rgb.toFile());
        Path large = scratch.resolve("test-1-56x56.png");
        ImageIO.write(testImage(dataset, 1, 2, BufferedImage.TYPE_BYTE_GRAY), "png", large.toFile());
        args.add(rgb.toString());
        args.add(large.toString());

        CliRun r = cli(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());
        JsonNode images = JSON.readTree(r.out()).path("images");
        assertEquals(n + 2, images.size());
        Saved saved = Saved.load();
        List<float[]> evaluation = saved.evaluationOutputs(n);
        List<float[]> sameBatch = saved.batchOutputs(0, 1, 2, 3, 4, 5, 0, 1);
        for (int i = 0; i < n + 2; i++) {
            int source = i < n ? i : i - n;
            float[] want = evaluation.get(source);
            JsonNode image = images.get(i);
            float[] got = new float[10];
            for (int k = 0; k < 10; k++) got[k] = image.path("probabilities").get(k).floatValue();
            // Bit for bit the network's output on the run's own prepared test images, given in one batch as predict
            // gives them; the run's evaluation batches them by eval_batch_size, and the CPU kernels' summation order
            // depends on the batch size, so there the figures agree to float rounding.
            assertArrayEquals(sameBatch.get(i), got, 0f, "image " + image.path("file").asText());
            assertArrayEquals(want, got, 1e-6f, "image " + image.path("file").asText());
            int argmax = 0;
            for (int k = 1; k < 10; k++) if (want[k] > want[argmax]) argmax = k;
            JsonNode top = image.path("top");
            assertEquals(3, top.size());
            assertEquals(argmax, top.get(0).path("index").asInt());
            assertEquals(Integer.toString(argmax), top.get(0).path("class").asText(), "MNIST classes are digits");
            assertEquals(got[argmax], top.get(0).path("probability").floatValue());
            assertTrue(top.get(1).path("probability").floatValue() <= top.get(0).path("probability").floatValue());
        }

        CliRun text = cli("predict", run.toString(), scratch.resolve("test-0.png").toString());
        assertEquals(0, text.exitCode(), text.err());
        assertTrue(text.out().matches(".*test-0\\.png: \\d \\(0\\.\\d{4}\\), \\d \\(0\\.\\d{4}\\), \\d \\(0\\.\\d{4}\\)\n"),
                text.out());
    }

    @Test
    void badImagesFailNamingTheFileBeforeAnythingIsPrinted() throws Exception {
        LoadedDataset dataset = new DatasetStore(dataDir).load(DatasetInfo.MNIST);
        Path good = scratch.resolve("good.png");
        ImageIO.write(testImage(dataset, 0, 1, BufferedImage.TYPE_BYTE_GRAY), "png", good.toFile());
        Path fixtures = TestData.checkout().resolve("runner/src/test/resources/predict");
        Path dir = Files.createDirectories(scratch.resolve("a-directory.png"));
        Map<Path, String> cases = new java.util.LinkedHashMap<>();
        cases.put(fixtures.resolve("not_an_image.png"), "is not an image (neither PNG nor JPEG by its content)");
        cases.put(fixtures.resolve("empty.png"), "is empty; give a PNG or JPEG image");
        cases.put(fixtures.resolve("huge_dimensions.png"), "is 100000×100000 pixels; at most 8192×8192 are read");
        cases.put(fixtures.resolve("truncated.png"), "is not a readable PNG or JPEG image");
        cases.put(fixtures.resolve("gif_not_png_or_jpeg.gif"), "is a GIF image; give a PNG or JPEG");
        cases.put(dir, "is a directory, not an image file");
        cases.put(scratch.resolve("missing.png"), "no such file");
        Path fifo = scratch.resolve("fifo.png");
        if (new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0) {
            cases.put(fifo, "is not a regular file (a pipe, device or socket)");
        }
        for (Map.Entry<Path, String> c : cases.entrySet()) {
            CliRun r = cli("predict", run.toString(), good.toString(), c.getKey().toString());
            assertEquals(2, r.exitCode(), c.getKey() + ": " + r.err());
            assertEquals("", r.out(), "nothing printed for the good image before the bad one");
            assertTrue(r.err().startsWith("runner: error: " + c.getKey() + ": " + c.getValue()), r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace");
        }
    }
}
