package dev.runner.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.config.ExperimentSpec;
import dev.runner.config.ExperimentLoader;
import dev.runner.data.BatchSource;
import dev.runner.data.DatasetInfo;
import dev.runner.data.ImageSet;
import dev.runner.data.ImageTransform;
import dev.runner.data.TransformPipeline;
import dev.runner.train.EpochMetrics;
import dev.runner.train.RunData;
import dev.runner.train.Seeds;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.meta.Prediction;

/** The pictures of a run, drawn from made-up data: sizes, colours, and what must or must not be in them. */
class ReportImagesTest {
    private static final DatasetInfo INFO = DatasetInfo.FASHION_MNIST;

    private static List<EpochMetrics> epochs(int n, boolean validation) {
        List<EpochMetrics> out = new ArrayList<>();
        for (int e = 1; e <= n; e++) {
            out.add(new EpochMetrics(e, 1.0 / e, 0.5 + 0.04 * e, validation ? 0.9 / e : Double.NaN,
                    validation ? 0.55 + 0.03 * e : Double.NaN, 0.95 / e, 0.52 + 0.035 * e, 0.01, 1, 100, 1000));
        }
        return out;
    }

    private static boolean has(BufferedImage img, java.awt.Color c) {
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 0xFFFFFF) == (c.getRGB() & 0xFFFFFF)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void curvesHaveOneColourPerSetShown() {
        BufferedImage acc = EpochCharts.accuracy("lenet", epochs(12, true));
        Pngs.of(acc).assertDrawn(900, 540, 20, 0.02);
        assertTrue(has(acc, EpochCharts.TRAIN) && has(acc, EpochCharts.VALIDATION) && has(acc, EpochCharts.TEST));

        // One epoch and no validation split: no validation curve, still a chart.
        BufferedImage loss = EpochCharts.loss("lenet", epochs(1, false));
        Pngs.of(loss).assertDrawn(900, 540, 20, 0.02);
        assertTrue(has(loss, EpochCharts.TRAIN) && has(loss, EpochCharts.TEST));
        assertFalse(has(loss, EpochCharts.VALIDATION));
    }

    @Test
    void eachExtraEvaluationSetGetsACurveOfItsOwn() {
        List<EpochMetrics> epochs = new ArrayList<>();
        for (EpochMetrics m : epochs(5, true)) {
            epochs.add(new EpochMetrics(m.epoch(), m.trainLoss(), m.trainAccuracy(), m.valLoss(), m.valAccuracy(),
                    m.testLoss(), m.testAccuracy(), m.learningRate(), m.epochSeconds(), m.imagesPerSecond(),
                    m.evalImagesPerSecond(), List.of(
                    new EpochMetrics.SetMetrics("rotated_test", 1.5 / m.epoch(), 0.4 + 0.03 * m.epoch()),
                    new EpochMetrics.SetMetrics("noisy", 1.2 / m.epoch(), 0.45 + 0.02 * m.epoch()))));
        }
        for (BufferedImage chart : List.of(EpochCharts.accuracy("lenet", epochs), EpochCharts.loss("lenet", epochs))) {
            Pngs.of(chart).assertDrawn(900, 540, 20, 0.02);
            assertTrue(has(chart, EpochCharts.EXTRA.get(0)) && has(chart, EpochCharts.EXTRA.get(1)));
            assertTrue(has(chart, EpochCharts.TRAIN) && has(chart, EpochCharts.TEST));
        }
        assertFalse(has(EpochCharts.accuracy("lenet", epochs(5, true)), EpochCharts.EXTRA.get(0)));
    }

    @Test
    void heatMapColoursCountsFromWhiteToDarkBlue() {
        int[][] counts = new int[10][10];
        for (int i = 0; i < 10; i++) counts[i][i] = 50 + i;
        counts[6][0] = 30;
        BufferedImage img = ConfusionHeatmap.render("lenet: test confusion matrix", "subtitle", counts,
                INFO.classNames());
        Pngs.of(img).assertDrawn(600, 600, 30, 0.3);
        assertTrue(has(img, new java.awt.Color(8, 48, 107)), "the largest count in the darkest blue");
        assertTrue(has(img, new java.awt.Color(247, 251, 255)), "zero counts in the lightest");
    }

    @Test
    void misclassifiedGridShowsTheFirstErrorsAndSaysWhenThereAreNone() {
        float[] pixels = new float[50 * 784];
        int[] labels = new int[50];
        Random r = new Random(1);
        for (int i = 0; i < pixels.length; i++) pixels[i] = r.nextFloat() * 2 - 1; // normalised-looking values
        BatchSource test = new BatchSource(new ImageSet(pixels, labels, 784), INFO);
        List<Prediction> errors = new ArrayList<>();
        for (int i = 0; i < 45; i++) errors.add(new Prediction(0, i % 10, i));
        PixelDisplay display = new PixelDisplay(2, -1); // v' = 2v - 1
        BufferedImage many = RunReport.misclassified("lenet", test, errors, INFO.classNames(), display, INFO);
        BufferedImage few = RunReport.misclassified("lenet", test, errors.subList(0, 5), INFO.classNames(), display,
                INFO);
        BufferedImage none = RunReport.misclassified("lenet", test, List.of(), INFO.classNames(), display, INFO);
        Pngs.of(many).assertDrawn(900, 500, 50, 0.3);
        Pngs.of(few).assertDrawn(400, 100, 50, 0.1);
        assertTrue(many.getHeight() > 3 * few.getHeight() / 2, "40 images take more rows than 5");
        Pngs.of(none).assertDrawn(300, 60, 2, 0.005);
        assertTrue(none.getHeight() < few.getHeight());
    }

    @Test
    void displayUndoesTheNormalisation() {
        TransformPipeline p = new TransformPipeline(List.of(new ImageTransform.Normalize(0.5f, 0.25f),
                new ImageTransform.Normalize(1f, 2f)), 2, 2);
        float[] image = {0f, 0.25f, 0.5f, 1f};
        float[] transformed = image.clone();
        p.apply(transformed, 0, new Random(0));
        float[] back = PixelDisplay.of(p).toUnit(transformed);
        for (int i = 0; i < image.length; i++) assertEquals(image[i], back[i], 1e-6);
        assertEquals("normalize(mean 0.5000, std 0.2500) → normalize(mean 1.0000, std 2.0000)",
                PixelDisplay.describe(p));
        assertEquals(1.0, PixelDisplay.IDENTITY.toUnit(3.0), "clamped to [0, 1]");
    }

    private static RunData data(String transforms) throws Exception {
        ExperimentSpec spec = spec(transforms);
        float[] pixels = new float[20 * 784];
        int[] labels = new int[20];
        for (int i = 0; i < 20; i++) {
            labels[i] = i % 10;
            for (int y = 6; y < 22; y++) for (int x = 10; x < 18; x++) pixels[i * 784 + y * 28 + x] = 0.9f;
        }
        ImageSet set = new ImageSet(pixels, labels, 784);
        TransformPipeline.Statistics stats = TransformPipeline.Statistics.of(set);
        TransformPipeline train = TransformPipeline.of(spec.transforms().train(), stats, 28, 28);
        boolean random = train.isRandom();
        BatchSource source = new BatchSource(random ? set : train.applyAll(set, new Random(0)), INFO);
        return new RunData(INFO, source, random ? train : null, null, source, List.of(), stats);
    }

    @Test
    void samplesShowTheAugmentationRowByRow() throws Exception {
        String rotate = "    - random_rotation: {degrees: 40, fill: 0}\n    - normalize: auto";
        RunData data = data(rotate);
        ExperimentSpec spec = spec(rotate);
        BufferedImage img = RunReport.samples("t", spec, data, new Seeds(3));
        Pngs.of(img).assertDrawn(700, 600, 30, 0.3);
        // Drawn again with the same seed: the same picture (a stream of its own, not the run's).
        BufferedImage again = RunReport.samples("t", spec, data, new Seeds(3));
        assertEquals(Pngs.of(img), Pngs.of(again));

        String plain = "    - normalize: auto";
        BufferedImage fixed = RunReport.samples("t", spec(plain), data(plain), new Seeds(3));
        Pngs.of(fixed).assertDrawn(700, 200, 10, 0.2);
        assertTrue(fixed.getHeight() < img.getHeight(), "20 images in 3 rows of 8, not 6 rows");
    }

    private static ExperimentSpec spec(String transforms) throws Exception {
        String yaml = """
                name: t
                seed: 3
                dataset: {name: fashion-mnist}
                transforms:
                  train:
                %s
                model:
                  layers: [flatten, {dense: 10}]
                optimizer:
                  sgd: {lr: 0.1}
                training: {epochs: 1, batch_size: 8}
                """.formatted(transforms);
        try (ExperimentLoader loader = new ExperimentLoader()) {
            return loader.parse("t.yaml", yaml, List.of()).spec();
        }
    }
}
