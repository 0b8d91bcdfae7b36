package dev.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runner compare} on hand-made run folders (src/test/resources/compare/results): three completed quick runs
 * (two differ only in seed), a LeNet run without validation, a failed run and an interrupted one.
 */
class CompareCommandTest {
    @TempDir
    Path out;

    private static Path fixtures() throws URISyntaxException {
        return Path.of(CompareCommandTest.class.getResource("/compare/results").toURI());
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = CompareCommandTest.class.getResourceAsStream("/compare/expected/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void writesTheGoldenCsvAndMarkdownAndSkipsUnfinishedRuns() throws Exception {
        Path results = fixtures();
        CliRun run = CliRun.of("compare", results.toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("runner: skipping " + results.resolve("quick/20260101-100300")
                + ": run.json says status \"failed\", not \"completed\"\n"
                + "runner: skipping " + results.resolve("quick/20260101-100400")
                + ": no run.json (the run is unfinished or was interrupted)\n", run.err());
        assertEquals(golden("comparison.csv"), Files.readString(out.resolve("comparison.csv")));
        assertEquals(golden("comparison.md"), Files.readString(out.resolve("comparison.md")));
        assertEquals(golden("comparison.txt") + "\nwrote " + out.resolve("comparison.csv") + ", "
                + out.resolve("comparison.md") + ", " + out.resolve("comparison.html") + "\n", run.out());
    }

    @Test
    void htmlIsSortableAndHasOneCurvePerRun() throws Exception {
        CliRun run = CliRun.of("compare", fixtures().toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        String html = Files.readString(out.resolve("comparison.html"));
        assertTrue(html.contains("<script>") && html.contains("addEventListener('click'"), "sorting script");
        assertEquals(3, count(html, "<tr><td>"), "three rows");
        // one chart per row; the seed group draws both of its runs: test and validation curves of each, 2×2, plus
        // 2 for the other quick run and 1 for the LeNet run, which has no validation
        assertEquals(3, count(html, "<svg "));
        assertEquals(7, count(html, "<polyline "));
        assertTrue(html.contains("<td class=\"n\" data-v=\"0.84\">0.8400 ± 0.0071</td>"), "mean ± std, sorts by mean");
        assertTrue(html.contains("title=\"20260101-100000 20260101-100100\""), "a group names all its runs");
    }

    private static int count(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        int n = 0;
        while (m.find()) n++;
        return n;
    }

    @Test
    void filterSortAndColumnsAsAUserWouldWriteThem() throws Exception {
        CliRun run = CliRun.of("compare", fixtures().resolve("quick").toString(), "--out", out.toString(),
                "--no-group", "--sort", "-best_val_accuracy", "--filter", "optimizer.sgd.lr=0.05",
                "--columns", "run_id,seed,best_val_accuracy,test_accuracy");
        assertEquals(0, run.exitCode(), run.err());
        String table = run.out().substring(run.out().indexOf("\nrun_id"));
        assertEquals("""

                run_id           seed  best_val_accuracy  test_accuracy
                20260101-100100  8                0.8700         0.8450
                20260101-100000  7                0.8500         0.8350

                """, table.substring(0, table.indexOf("wrote")));
        assertEquals("run_id,seed,best_val_accuracy,test_accuracy\n20260101-100100,8,0.8700,0.8450\n"
                + "20260101-100000,7,0.8500,0.8350\n", Files.readString(out.resolve("comparison.csv")));
    }

    @Test
    void theOnlyDirectoryGivenIsWhereTheFilesGoByDefault() throws Exception {
        Path results = out.resolve("results");
        copy(fixtures().resolve("quick/20260101-100000"), results.resolve("quick/20260101-100000"));
        CliRun run = CliRun.of("compare", results.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.isRegularFile(results.resolve("comparison.csv")));
        assertTrue(run.out().startsWith("1 run\n"), run.out());
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) Files.copy(f, to.resolve(f.getFileName()));
        }
    }

    @Test
    void usageErrorsAndNothingToCompare() throws Exception {
        CliRun run = CliRun.of("compare", fixtures().toString(), "--out", out.toString(), "--columns", "name,acc");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("runner: unknown column 'acc'; the columns are name, run_id, runs, "), run.err());
        assertTrue(run.err().endsWith("Try 'runner compare --help' for usage.\n"), run.err());

        run = CliRun.of("compare", out.resolve("nothere").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("runner: not a directory: "), run.err());

        Files.createDirectories(out.resolve("empty"));
        run = CliRun.of("compare", out.resolve("empty").toString());
        assertEquals(1, run.exitCode());
        assertEquals("runner: no completed run found in " + out.resolve("empty") + "\n", run.err());

        run = CliRun.of("compare", fixtures().toString(), "--out", out.toString(), "--filter", "seed=99");
        assertEquals(1, run.exitCode());
        assertEquals("runner: no run passes the filters (4 completed runs found)\n",
                run.err().substring(run.err().indexOf("runner: no run")));
    }

    @Test
    void helpListsTheExitCodes() {
        CliRun run = CliRun.of("compare", "--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("Exit codes:\n  0   success\n  1   failure"), run.out());
        assertTrue(run.out().contains("\n  2   usage error"), run.out());
        assertTrue(CliRun.of("--help").out().contains("compare"), "listed among the commands");
    }
}
