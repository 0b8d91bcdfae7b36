package dev.runner.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The readers of run.json and metrics.csv against the damaged files under results/corrupt/, each named for its
 * failure: a row that is not valid is left out with a note naming the file and line, a record that is not valid is
 * unreadable with a reason in the runner's words (never the CSV or JSON library's).
 */
class CorruptResultsTest {
    static Path fixture(String name) throws URISyntaxException {
        return Path.of(CorruptResultsTest.class.getResource("/results/corrupt/" + name).toURI());
    }

    @Test
    void garbageMetricsRowsAreSkippedWithTheirLine() throws Exception {
        MetricsCsv.Table t = MetricsCsv.read(fixture("metrics-garbage-row").resolve(RunLayout.METRICS));
        assertEquals(List.of(0.79, 0.835), t.numbers("test_accuracy"));
        assertEquals(List.of(
                "metrics.csv line 3: row skipped: 7 fields where the header has 11",
                "metrics.csv line 4: row skipped: val_accuracy 1e999 is not a finite number"), t.skipped());
    }

    @Test
    void eachBadValueIsNamed() throws Exception {
        assertEquals("row skipped: test_accuracy 7 is outside [0, 1]", oneRow("1,0.6,0.8,0.5,0.8,0.5,7"));
        assertEquals("row skipped: train_loss \"abc\" is not a number", oneRow("1,abc,0.8,0.5,0.8,0.5,0.7"));
        assertEquals("row skipped: test_loss NaN is not a finite number", oneRow("1,0.6,0.8,0.5,0.8,NaN,0.7"));
        assertEquals("row skipped: train_accuracy is empty", oneRow("1,0.6,,0.5,0.8,0.5,0.7"));
        assertEquals("row skipped: epoch \"0\" is not a positive integer", oneRow("0,0.6,0.8,0.5,0.8,0.5,0.7"));
        assertEquals("row skipped: val_accuracy -0.1 is outside [0, 1]", oneRow("1,0.6,0.8,0.5,-0.1,0.5,0.7"));
        assertEquals("", oneRow("1,0.6,0.8,,,0.5,0.7"), "validation not measured is valid");
        // Found by ResultsReadersPropertyTest (seed 0x5EEE0200 range): a quoted field spanning lines made the note
        // span lines too, with the whole next row in it.
        assertEquals("row skipped: test_loss \",0.83,0.05,3.000,500.0,9000.0\\n2,0.6,0.8...\" is not a number",
                oneRow("1,0.6,0.8,0.5,0.8,\",0.83,0.05,3.000,500.0,9000.0\n2,0.6,0.8,0.5,0.85,\",0.7"));
    }

    private static String oneRow(String row) throws IOException {
        Path dir = java.nio.file.Files.createTempDirectory("metrics");
        Path file = dir.resolve(RunLayout.METRICS);
        java.nio.file.Files.writeString(file, String.join(",", MetricsCsv.HEADER.subList(0, 7)) + "\n" + row + "\n");
        MetricsCsv.Table t = MetricsCsv.read(file);
        assertEquals(t.skipped().isEmpty() ? 1 : 0, t.rows().size());
        return t.skipped().isEmpty() ? "" : t.skipped().get(0).substring("metrics.csv line 2: ".length());
    }

    @Test
    void brokenCsvSaysWhereInTheRunnersWords() throws Exception {
        MetricsCsv.UnreadableException e = assertThrows(MetricsCsv.UnreadableException.class,
                () -> MetricsCsv.read(fixture("metrics-unterminated-quote").resolve(RunLayout.METRICS)));
        assertTrue(e.getMessage().startsWith("metrics.csv line "), e.getMessage());
        assertTrue(e.getMessage().contains("not valid CSV"), e.getMessage());
    }

    /** Found by {@link ResultsReadersPropertyTest} (seed 116065): the CSV library's IOException leaked. */
    @Test
    void aQuoteInTheHeaderIsUnreadableWithAReason() throws Exception {
        MetricsCsv.UnreadableException e = assertThrows(MetricsCsv.UnreadableException.class,
                () -> MetricsCsv.read(fixture("metrics-quote-in-header").resolve(RunLayout.METRICS)));
        assertEquals("metrics.csv line 1: not a valid metrics.csv header (an unterminated quote)", e.getMessage());
    }

    @Test
    void aRecordOfStatusOnlyIsNotACompletedRun() throws Exception {
        assertEquals("run.json says status \"completed\" but has no final_metrics.test_accuracy",
                unreadable("run-json-status-only"));
    }

    @Test
    void aTruncatedRecordSaysWhereItBreaks() throws Exception {
        String m = unreadable("run-json-truncated");
        assertTrue(m.matches("run\\.json line \\d+, column \\d+: not valid JSON \\(cut short, or not a run\\.json\\)"),
                m);
    }

    @Test
    void accuraciesOutsideZeroOneAndNonFiniteNumbersAreNotValid() throws Exception {
        assertEquals("run.json: final_metrics.test_accuracy is 7.0, outside [0, 1]",
                unreadable("run-json-accuracy-out-of-range"));
        assertEquals("run.json: final_metrics.val_accuracy is not a finite number",
                unreadable("run-json-infinite-number"));
    }

    private static String unreadable(String fixture) throws Exception {
        return assertThrows(RunRecord.UnreadableException.class,
                () -> RunRecord.read(fixture(fixture).resolve(RunLayout.RECORD))).getMessage();
    }
}
