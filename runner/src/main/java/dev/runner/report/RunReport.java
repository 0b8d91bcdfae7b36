package dev.runner.report;

import dev.runner.config.ExperimentSpec;
import dev.runner.data.BatchSource;
import dev.runner.data.DatasetInfo;
import dev.runner.data.TransformPipeline;
import dev.runner.results.RunLayout;
import dev.runner.results.RunRecord;
import dev.runner.train.Evaluator;
import dev.runner.train.RunData;
import dev.runner.train.Seeds;
import dev.runner.train.Trainer;
import dev.runner.util.AtomicFiles;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.nd4j.evaluation.meta.Prediction;

/**
 * What a person looks at after a run, written into its folder: the loss and accuracy curves, the test confusion
 * matrix (picture and CSV), the first misclassified test images, training images after the train transforms,
 * per-class precision/recall/F1, and {@code report.html}, one self-contained page with all of it. Everything comes
 * from what training already measured (the final test evaluation holds each misclassified example's index), so
 * writing the report runs no inference and draws nothing from the run's random streams.
 */
public final class RunReport {
    static final int MISCLASSIFIED_SHOWN = 40;
    static final int SAMPLE_ROWS = 6;
    static final int SAMPLE_DRAWS = 7;
    static final int SAMPLES_PLAIN = 32;

    /**
     * The files {@link #write} writes, as run.json's {@code files} entries (key, path in the run folder). Known before
     * writing, so the run's record, which report.html shows, can list them.
     */
    public static Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        for (String plot : List.of(RunLayout.LOSS_PLOT, RunLayout.ACCURACY_PLOT, RunLayout.CONFUSION_PLOT,
                RunLayout.MISCLASSIFIED_PLOT, RunLayout.SAMPLES_PLOT)) {
            files.put(key(plot), plot);
        }
        files.put("confusion_test", RunLayout.CONFUSION_CSV);
        files.put("per_class", RunLayout.PER_CLASS);
        files.put("report", RunLayout.REPORT);
        return files;
    }

    /** Writes every file of the report, those {@link #files()} lists. */
    public void write(Path dir, ExperimentSpec spec, RunData data, Trainer.Outcome outcome, RunRecord record,
                      Seeds seeds) throws IOException {
        Files.createDirectories(dir.resolve(RunLayout.PLOTS));
        DatasetInfo info = data.info();
        List<String> classes = info.classNames();
        String name = spec.name();
        Evaluator.Result test = outcome.finalTest();
        Map<String, byte[]> pngs = new LinkedHashMap<>();

        pngs.put(RunLayout.LOSS_PLOT, png(EpochCharts.loss(name, outcome.epochs())));
        pngs.put(RunLayout.ACCURACY_PLOT, png(EpochCharts.accuracy(name, outcome.epochs())));

        int[][] confusion = ClassificationReport.confusion(test.evaluation(), info.numClasses());
        ClassificationReport.writeConfusionCsv(dir.resolve(RunLayout.CONFUSION_CSV), confusion, classes);
        pngs.put(RunLayout.CONFUSION_PLOT, png(ConfusionHeatmap.render(name + ": test confusion matrix",
                String.format(Locale.ROOT, "%s test set, %,d images, accuracy %.2f%% (after epoch %d)",
                        info.name().yamlName(), data.test().count(), 100 * test.accuracy(), outcome.last().epoch()),
                confusion, classes)));

        ClassificationReport perClass = ClassificationReport.of(test.evaluation(), classes);
        perClass.writeCsv(dir.resolve(RunLayout.PER_CLASS));

        TransformPipeline evalPipeline = TransformPipeline.of(spec.transforms().eval(), data.trainingStatistics(),
                info.height(), info.width());
        List<Prediction> errors = test.errors();
        pngs.put(RunLayout.MISCLASSIFIED_PLOT, png(misclassified(name, data.test(), errors, classes,
                PixelDisplay.of(evalPipeline), info)));
        pngs.put(RunLayout.SAMPLES_PLOT, png(samples(name, spec, data, seeds)));

        for (Map.Entry<String, byte[]> e : pngs.entrySet()) AtomicFiles.write(dir.resolve(e.getKey()), e.getValue());
        String config = Files.readString(dir.resolve(RunLayout.CONFIG), StandardCharsets.UTF_8);
        String html = new ReportHtml(record, config, outcome.epochs(), perClass, pngs, errors.size(),
                data.test().count(), PixelDisplay.describe(evalPipeline)).render();
        AtomicFiles.writeString(dir.resolve(RunLayout.REPORT), html);
    }

    private static String key(String plotPath) {
        String file = plotPath.substring(plotPath.indexOf('/') + 1);
        return "plot_" + file.substring(0, file.length() - ".png".length());
    }

    static BufferedImage misclassified(String name, BatchSource test, List<Prediction> errors, List<String> classes,
                                       PixelDisplay display, DatasetInfo info) {
        List<ImageGrid.Tile> tiles = new ArrayList<>();
        for (Prediction p : errors.subList(0, Math.min(MISCLASSIFIED_SHOWN, errors.size()))) {
            float[] pixels = display.toUnit(test.image(Evaluator.index(p)));
            tiles.add(new ImageGrid.Tile(pixels, info.height(), info.width(),
                    classes.get(p.getActualClass()) + " as " + classes.get(p.getPredictedClass()),
                    new Color(0x9B, 0x1C, 0x1C)));
        }
        String subtitle = String.format(Locale.ROOT,
                "the first %d of %,d misclassified test images (of %,d), in test-set order; caption: true as predicted",
                tiles.size(), errors.size(), test.count());
        return ImageGrid.render(name + ": misclassified test images", subtitle, tiles, 10, 3, 1200,
                "no misclassified test images");
    }

    /**
     * Training images as the network sees them, mapped back to pixels. With a random train transform, each row is
     * one image as loaded and then several draws of the transforms (from a stream of their own, so the run's
     * augmentation is untouched); otherwise the first images after the (deterministic) transforms.
     */
    static BufferedImage samples(String name, ExperimentSpec spec, RunData data, Seeds seeds) {
        DatasetInfo info = data.info();
        TransformPipeline train = TransformPipeline.of(spec.transforms().train(), data.trainingStatistics(),
                info.height(), info.width());
        PixelDisplay display = PixelDisplay.of(train);
        List<String> classes = info.classNames();
        List<ImageGrid.Tile> tiles = new ArrayList<>();
        String subtitle;
        int columns;
        if (data.perBatchTransforms() != null) {
            Random random = seeds.random("report-samples");
            int rows = Math.min(SAMPLE_ROWS, data.train().count());
            for (int i = 0; i < rows; i++) {
                float[] loaded = data.train().image(i);
                tiles.add(new ImageGrid.Tile(loaded, info.height(), info.width(),
                        classes.get(data.train().label(i)) + " (loaded)"));
                for (int d = 1; d <= SAMPLE_DRAWS; d++) {
                    float[] drawn = loaded.clone();
                    data.perBatchTransforms().apply(drawn, 0, random);
                    tiles.add(new ImageGrid.Tile(display.toUnit(drawn), info.height(), info.width(), "draw " + d));
                }
            }
            columns = 1 + SAMPLE_DRAWS;
            subtitle = "each row: one training image as loaded, then " + SAMPLE_DRAWS + " draws of the train transforms: "
                    + PixelDisplay.describe(train);
        } else {
            int n = Math.min(SAMPLES_PLAIN, data.train().count());
            for (int i = 0; i < n; i++) {
                tiles.add(new ImageGrid.Tile(display.toUnit(data.train().image(i)), info.height(), info.width(),
                        classes.get(data.train().label(i))));
            }
            columns = 8;
            subtitle = "the first " + n + " training images after the train transforms (no random step): "
                    + PixelDisplay.describe(train);
        }
        return ImageGrid.render(name + ": training images after the train transforms", subtitle, tiles, columns, 3,
                1400, "no training images");
    }

    static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", out)) throw new IOException("no PNG writer in this JVM");
        return out.toByteArray();
    }
}
