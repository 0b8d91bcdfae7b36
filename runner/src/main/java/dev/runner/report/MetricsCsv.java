package dev.runner.report;

import dev.runner.train.EpochMetrics;
import java.util.List;
import java.util.Locale;

/**
 * The columns of {@code metrics.csv}, sealed by a golden-file test. Metric values are written in full precision
 * ({@link Double#toString}, locale-independent) so that two runs can be compared bit for bit; timing columns, which
 * differ between runs by nature, are rounded.
 */
public final class MetricsCsv {
    public static final List<String> HEADER = List.of("epoch", "train_loss", "train_accuracy", "val_loss",
            "val_accuracy", "test_loss", "test_accuracy", "lr", "epoch_seconds", "images_per_second",
            "eval_images_per_second");

    /** Columns that measure time rather than learning; excluded when runs are compared for reproducibility. */
    public static final List<String> TIMING = List.of("epoch_seconds", "images_per_second",
            "eval_images_per_second");

    private MetricsCsv() {
    }

    public static List<String> row(EpochMetrics m) {
        return List.of(Integer.toString(m.epoch()), exact(m.trainLoss()), exact(m.trainAccuracy()),
                exact(m.valLoss()), exact(m.valAccuracy()), exact(m.testLoss()), exact(m.testAccuracy()),
                exact(m.learningRate()), String.format(Locale.ROOT, "%.3f", m.epochSeconds()),
                String.format(Locale.ROOT, "%.1f", m.imagesPerSecond()),
                String.format(Locale.ROOT, "%.1f", m.evalImagesPerSecond()));
    }

    /** Empty for a value that was not measured (validation without a split). */
    static String exact(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
