package dev.runner.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.evaluation.classification.Evaluation;

/** Per-class metrics against values worked out by hand (scikit-learn's classification_report gives the same). */
class ClassificationReportTest {
    @TempDir
    Path dir;

    /** y_true = 0 0 1 1 2 2 2 3, y_pred = 0 1 1 1 2 0 2 2: class 3 is never predicted. */
    private static Evaluation evaluation() {
        int[] truth = {0, 0, 1, 1, 2, 2, 2, 3};
        int[] predicted = {0, 1, 1, 1, 2, 0, 2, 2};
        Evaluation e = new Evaluation(4);
        for (int i = 0; i < truth.length; i++) e.eval(predicted[i], truth[i]);
        return e;
    }

    @Test
    void perClassAndAveragesAsScikitLearn() {
        ClassificationReport r = ClassificationReport.of(evaluation(), List.of("a", "b", "c", "d"));
        double[][] expected = {
                {1 / 2.0, 1 / 2.0, 1 / 2.0, 2},       // a: tp 1, fp 1, fn 1
                {2 / 3.0, 1.0, 0.8, 2},              // b: tp 2, fp 1, fn 0
                {2 / 3.0, 2 / 3.0, 2 / 3.0, 3},      // c: tp 2, fp 1 (the 3), fn 1
                {0.0, 0.0, 0.0, 1}};                 // d: never predicted: precision 0, as scikit-learn
        for (int i = 0; i < 4; i++) {
            ClassificationReport.Row row = r.rows().get(i);
            assertArrayEquals(expected[i], new double[]{row.precision(), row.recall(), row.f1(), row.support()},
                    1e-12, row.label());
        }
        assertEquals(5 / 8.0, r.accuracy(), 1e-12);
        assertEquals(8, r.total());
        assertEquals((0.5 + 2 / 3.0 + 2 / 3.0 + 0) / 4, r.macro().precision(), 1e-12);
        assertEquals((0.5 + 1 + 2 / 3.0 + 0) / 4, r.macro().recall(), 1e-12);
        assertEquals((0.5 + 0.8 + 2 / 3.0 + 0) / 4, r.macro().f1(), 1e-12);
        assertEquals((2 * 0.5 + 2 * 2 / 3.0 + 3 * 2 / 3.0) / 8, r.weighted().precision(), 1e-12);
        assertEquals(5 / 8.0, r.weighted().recall(), 1e-12, "weighted recall is the accuracy");
        assertEquals((2 * 0.5 + 2 * 0.8 + 3 * 2 / 3.0) / 8, r.weighted().f1(), 1e-12);
    }

    @Test
    void csvFilesHoldTheReportAndTheMatrix() throws Exception {
        Evaluation e = evaluation();
        List<String> classes = List.of("T-shirt/top", "b", "c", "Ankle boot");
        ClassificationReport.of(e, classes).writeCsv(dir.resolve("per_class.csv"));
        assertEquals("""
                class,precision,recall,f1,support
                T-shirt/top,0.500000,0.500000,0.500000,2
                b,0.666667,1.000000,0.800000,2
                c,0.666667,0.666667,0.666667,3
                Ankle boot,0.000000,0.000000,0.000000,1
                accuracy,,,0.625000,8
                macro avg,0.458333,0.541667,0.491667,8
                weighted avg,0.541667,0.625000,0.575000,8
                """, Files.readString(dir.resolve("per_class.csv")));
        int[][] counts = ClassificationReport.confusion(e, 4);
        assertArrayEquals(new int[][]{{1, 1, 0, 0}, {0, 2, 0, 0}, {1, 0, 2, 0}, {0, 0, 1, 0}}, counts);
        ClassificationReport.writeConfusionCsv(dir.resolve("confusion.csv"), counts, classes);
        assertEquals("""
                true\\predicted,T-shirt/top,b,c,Ankle boot
                T-shirt/top,1,1,0,0
                b,0,2,0,0
                c,1,0,2,0
                Ankle boot,0,0,1,0
                """, Files.readString(dir.resolve("confusion.csv")));
    }
}
