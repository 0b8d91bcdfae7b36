package dev.runner.results;

import dev.runner.config.EvaluationSetSpec;
import dev.runner.train.EpochMetrics;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The columns of {@code metrics.csv}, sealed by a golden-file test. Metric values are written in full precision
 * ({@link Double#toString}, locale-independent) so that two runs can be compared bit for bit; timing columns, which
 * differ between runs by nature, are rounded.
 */
public final class MetricsCsv {
    public static final List<String> HEADER = List.of("epoch", "train_loss", "train_accuracy", "val_loss",
            "val_accuracy", "test_loss", "test_accuracy", "lr", "epoch_seconds", "images_per_second",
            "eval_images_per_second");

    /**
     * The header of a run with extra evaluation sets: each set's {@code <name>_loss} and {@code <name>_accuracy}
     * after the test columns, in the file's order.
     */
    public static List<String> header(List<String> extraSets) {
        List<String> h = new ArrayList<>(HEADER.subList(0, 7));
        for (String set : extraSets) {
            h.add(EvaluationSetSpec.lossColumn(set));
            h.add(EvaluationSetSpec.accuracyColumn(set));
        }
        h.addAll(HEADER.subList(7, HEADER.size()));
        return List.copyOf(h);
    }

    /** Columns that measure time rather than learning; excluded when runs are compared for reproducibility. */
    public static final List<String> TIMING = List.of("epoch_seconds", "images_per_second",
            "eval_images_per_second");

    private MetricsCsv() {
    }

    public static List<String> row(EpochMetrics m) {
        List<String> r = new ArrayList<>(List.of(Integer.toString(m.epoch()), exact(m.trainLoss()),
                exact(m.trainAccuracy()), exact(m.valLoss()), exact(m.valAccuracy()), exact(m.testLoss()),
                exact(m.testAccuracy())));
        for (EpochMetrics.SetMetrics set : m.extra()) {
            r.add(exact(set.loss()));
            r.add(exact(set.accuracy()));
        }
        r.addAll(List.of(exact(m.learningRate()), String.format(Locale.ROOT, "%.3f", m.epochSeconds()),
                String.format(Locale.ROOT, "%.1f", m.imagesPerSecond()),
                String.format(Locale.ROOT, "%.1f", m.evalImagesPerSecond())));
        return r;
    }

    /** A metrics.csv as read back: its columns in the file's order and one value per epoch. */
    public record Table(List<String> header, List<Map<String, String>> rows) {
        /**
         * A column's values, one per epoch, NaN where the value is empty (not measured).
         *
         * @throws IllegalArgumentException when the file has no such column
         */
        public List<Double> numbers(String column) {
            if (!header.contains(column)) {
                throw new IllegalArgumentException("metrics.csv has no column " + column + "; it has " + header);
            }
            List<Double> values = new ArrayList<>(rows.size());
            for (Map<String, String> row : rows) {
                String v = row.get(column);
                values.add(v == null || v.isBlank() ? Double.NaN : Double.parseDouble(v));
            }
            return List.copyOf(values);
        }
    }

    public static Table read(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
            List<Map<String, String>> rows = new ArrayList<>();
            for (CSVRecord row : parser) rows.add(row.toMap());
            return new Table(List.copyOf(parser.getHeaderNames()), List.copyOf(rows));
        }
    }

    /** Empty for a value that was not measured (validation without a split). */
    static String exact(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
