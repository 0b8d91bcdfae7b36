package dev.runner.report;

import dev.runner.util.AtomicFiles;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.nd4j.evaluation.classification.ConfusionMatrix;
import org.nd4j.evaluation.classification.Evaluation;

/**
 * Per-class precision, recall, F1 and support from DL4J's {@link Evaluation}, laid out as scikit-learn's
 * {@code classification_report}: one row per class, then accuracy, the macro average (the plain mean over classes)
 * and the weighted average (weighted by support). A class the model never predicts has precision 0, as in
 * scikit-learn (DL4J's own macro average would leave such a class out; the averages here follow scikit-learn).
 */
public record ClassificationReport(List<Row> rows, double accuracy, int total, Row macro, Row weighted) {
    public static final List<String> HEADER = List.of("class", "precision", "recall", "f1", "support");

    public record Row(String label, double precision, double recall, double f1, int support) {
    }

    public static ClassificationReport of(Evaluation evaluation, List<String> classes) {
        List<Row> rows = new ArrayList<>();
        int total = 0;
        double mp = 0, mr = 0, mf = 0, wp = 0, wr = 0, wf = 0;
        for (int i = 0; i < classes.size(); i++) {
            int support = evaluation.classCount(i);
            Row row = new Row(classes.get(i), evaluation.precision(i), evaluation.recall(i), evaluation.f1(i),
                    support);
            rows.add(row);
            total += support;
            mp += row.precision();
            mr += row.recall();
            mf += row.f1();
            wp += support * row.precision();
            wr += support * row.recall();
            wf += support * row.f1();
        }
        int n = classes.size();
        int t = Math.max(total, 1);
        return new ClassificationReport(rows, evaluation.accuracy(), total,
                new Row("macro avg", mp / n, mr / n, mf / n, total),
                new Row("weighted avg", wp / t, wr / t, wf / t, total));
    }

    /** {@code counts[true][predicted]} of the evaluation's confusion matrix. */
    public static int[][] confusion(Evaluation evaluation, int numClasses) {
        ConfusionMatrix<Integer> cm = evaluation.getConfusion();
        int[][] counts = new int[numClasses][numClasses];
        for (int t = 0; t < numClasses; t++) {
            for (int p = 0; p < numClasses; p++) counts[t][p] = cm == null ? 0 : cm.getCount(t, p);
        }
        return counts;
    }

    /** {@code per_class.csv}: the rows as above; the accuracy row has only f1 (= accuracy) and support. */
    public void writeCsv(Path file) throws IOException {
        AtomicFiles.write(file, partial -> writeCsvTo(partial));
    }

    private void writeCsvTo(Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(w, format(HEADER))) {
            for (Row r : rows) print(csv, r);
            csv.printRecord("accuracy", "", "", number(accuracy), Integer.toString(total));
            print(csv, macro);
            print(csv, weighted);
        }
    }

    /** {@code confusion_test.csv}: one row per true class, one column per predicted class. */
    public static void writeConfusionCsv(Path file, int[][] counts, List<String> classes) throws IOException {
        List<String> header = new ArrayList<>();
        header.add("true\\predicted");
        header.addAll(classes);
        AtomicFiles.write(file, partial -> {
            try (Writer w = Files.newBufferedWriter(partial, StandardCharsets.UTF_8);
                 CSVPrinter csv = new CSVPrinter(w, format(header))) {
                for (int t = 0; t < classes.size(); t++) {
                    List<String> row = new ArrayList<>();
                    row.add(classes.get(t));
                    for (int c : counts[t]) row.add(Integer.toString(c));
                    csv.printRecord(row);
                }
            }
        });
    }

    private static CSVFormat format(List<String> header) {
        return CSVFormat.DEFAULT.builder().setRecordSeparator('\n').setHeader(header.toArray(String[]::new)).build();
    }

    private static void print(CSVPrinter csv, Row r) throws IOException {
        csv.printRecord(r.label(), number(r.precision()), number(r.recall()), number(r.f1()),
                Integer.toString(r.support()));
    }

    static String number(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }
}
