package dev.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compare} over one sound run and the damaged run folders of results/corrupt/: the damaged records are skipped
 * with a reason, the garbage metrics rows with their line, and nothing shows Infinity, an accuracy above 1 or the
 * JSON library's text.
 */
class CorruptResultsCompareTest {
    @TempDir
    Path tmp;

    @Test
    void compareSkipsWhatIsNotValidAndSaysWhy() throws Exception {
        Path results = tmp.resolve("results");
        Path corrupt = Path.of(getClass().getResource("/results/corrupt").toURI());
        copy(Path.of(getClass().getResource("/compare/results/quick/20260101-100100").toURI()),
                results.resolve("quick/sound"));
        for (String f : List.of("metrics-garbage-row", "metrics-unterminated-quote", "run-json-status-only",
                "run-json-truncated", "run-json-accuracy-out-of-range", "run-json-infinite-number")) {
            copy(corrupt.resolve(f), results.resolve("quick/" + f));
        }
        Path out = tmp.resolve("out");
        CliRun run = CliRun.of("compare", results.toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        Path q = results.resolve("quick");
        for (String note : List.of(
                q.resolve("metrics-garbage-row") + ": metrics.csv line 3: row skipped: 7 fields where the header has 11",
                q.resolve("metrics-garbage-row") + ": metrics.csv line 4: row skipped: val_accuracy 1e999 is not a "
                        + "finite number",
                q.resolve("metrics-unterminated-quote") + ": unreadable (metrics.csv line ",
                q.resolve("run-json-status-only") + ": run.json says status \"completed\" but has no "
                        + "final_metrics.test_accuracy",
                q.resolve("run-json-truncated") + ": run.json line ",
                q.resolve("run-json-accuracy-out-of-range") + ": run.json: final_metrics.test_accuracy is 7.0, "
                        + "outside [0, 1]",
                q.resolve("run-json-infinite-number") + ": run.json: final_metrics.val_accuracy is not a finite "
                        + "number")) {
            assertTrue(run.err().contains("runner: skipping " + note), note + "\n in \n" + run.err());
        }
        String table = run.out() + Files.readString(out.resolve("comparison.csv"));
        for (String garbage : List.of("Infinity", "NaN", ",7.0", " 7.0", "700.0", "Unexpected", "jackson", "Exception")) {
            assertFalse(table.contains(garbage), garbage + ":\n" + table);
        }
        for (String libraryText : List.of("Infinity", "Unexpected", "jackson", "Exception", "startline", "EOF")) {
            assertFalse(run.err().contains(libraryText), libraryText + ":\n" + run.err());
        }
        assertTrue(run.out().startsWith("2 runs in 1 row"), "the sound run and the garbage-row run with its valid rows, "
                + "seeds of one config:\n" + run.out());
    }

    private static void copy(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path f : s.toList()) Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
