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

    /**
     * A metrics.csv as read back: its columns in the file's order and one value per valid epoch row. Rows that are not
     * valid (see {@link #read}) are left out, each with a note in {@code skipped} naming the file and line.
     */
    public record Table(List<String> header, List<Map<String, String>> rows, List<String> skipped) {
        public Table(List<String> header, List<Map<String, String>> rows) {
            this(header, rows, List.of());
        }

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

    /** A metrics.csv that cannot be read at all: not CSV, or without the columns every run writes. */
    public static final class UnreadableException extends IOException {
        UnreadableException(String message) {
            super(message);
        }
    }

    /** Columns every epoch row has a value in; the others may be empty (validation without a split). */
    static final List<String> REQUIRED = List.of("epoch", "train_loss", "train_accuracy", "test_loss",
            "test_accuracy");

    /**
     * Reads the file, keeping the rows that are valid: an epoch that is a positive integer, a value in every
     * {@link #REQUIRED} column, every value a finite number (or empty where not measured), accuracies in [0, 1], as
     * many fields as the header has columns.
     *
     * @throws UnreadableException when the file is not CSV or lacks a required column, saying where
     */
    public static Table read(Path file) throws IOException {
        String name = file.getFileName().toString();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            CSVParser parser;
            try {
                parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r);
            } catch (java.nio.charset.CharacterCodingException e) {
                throw new UnreadableException(name + " is not UTF-8 text");
            } catch (IOException | IllegalArgumentException | IllegalStateException
                     | java.io.UncheckedIOException e) {
                // the header itself: a duplicate or empty column name, an unterminated quote
                throw new UnreadableException(name + " line 1: not a valid metrics.csv header (" + headerProblem(e)
                        + ")");
            }
            try (parser) {
                return rows(name, parser);
            }
        }
    }

    private static Table rows(String name, CSVParser parser) throws UnreadableException {
        List<String> header = List.copyOf(parser.getHeaderNames());
        for (String column : REQUIRED) {
            if (!header.contains(column)) {
                throw new UnreadableException(name + " line 1: no column " + column + " in the header; a "
                        + "metrics.csv starts with " + String.join(",", HEADER.subList(0, 7)) + ",...");
            }
        }
        List<Map<String, String>> rows = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        try {
            for (CSVRecord row : parser) {
                String problem = problem(header, row);
                if (problem == null) {
                    rows.add(row.toMap());
                } else {
                    skipped.add(name + " line " + (row.getRecordNumber() + 1) + ": row skipped: " + problem);
                }
            }
        } catch (java.io.UncheckedIOException | IllegalStateException e) {
            if (e.getCause() instanceof java.nio.charset.CharacterCodingException) {
                throw new UnreadableException(name + " is not UTF-8 text");
            }
            throw new UnreadableException(name + " line " + (parser.getCurrentLineNumber() + 1)
                    + ": not valid CSV (an unterminated quoted field?)");
        }
        return new Table(header, List.copyOf(rows), List.copyOf(skipped));
    }

    private static String headerProblem(Exception e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (m.contains("duplicate")) return "a column name appears twice";
        if (m.contains("empty") || m.contains("missing")) return "an empty column name";
        if (m.contains("EOF") || m.contains("encapsulated")) return "an unterminated quote";
        return "not CSV";
    }

    /** Why a row is not a valid epoch, or null. */
    private static String problem(List<String> header, CSVRecord row) {
        if (row.size() != header.size()) {
            return row.size() + " fields where the header has " + header.size();
        }
        for (int i = 0; i < header.size(); i++) {
            String column = header.get(i);
            String v = row.get(i).strip();
            if (v.isEmpty()) {
                if (REQUIRED.contains(column)) return column + " is empty";
                continue;
            }
            if (column.equals("epoch")) {
                if (!v.matches("[0-9]{1,9}") || Integer.parseInt(v) < 1) {
                    return "epoch " + shown(v) + " is not a positive integer";
                }
                continue;
            }
            double x;
            try {
                x = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                return column + " " + shown(v) + " is not a number";
            }
            if (!Double.isFinite(x) || !v.matches("[-+0-9.eE]+")) {
                return column + " " + v + " is not a finite number";
            }
            if (column.endsWith("_accuracy") && (x < 0 || x > 1)) {
                return column + " " + v + " is outside [0, 1]";
            }
        }
        return null;
    }

    /**
     * A bad value as a note shows it: quoted, on one line (a quoted CSV field may hold line breaks) and at most 40
     * characters, so one skipped row is one line of output however long or broken the field.
     */
    static String shown(String v) {
        String one = v.replace("\r", "\\r").replace("\n", "\\n");
        return "\"" + (one.length() > 40 ? one.substring(0, 40) + "..." : one) + "\"";
    }

    /** Empty for a value that was not measured (validation without a split). */
    static String exact(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
