package dev.runner.results;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link RunRecord#read} and {@link MetricsCsv#read} on mutated copies of real files (values replaced with anything
 * JSON or CSV can hold, keys dropped, text cut or spliced): each gives its own clear error (its unreadable
 * exception, a message in the runner's words) or values that are valid, never another exception and never
 * Infinity, NaN in a required column or an accuracy outside [0, 1].
 */
class ResultsReadersPropertyTest {
    private static final List<String> JSON_VALUES = List.of("null", "true", "\"text\"", "\"\"", "0", "-1", "7",
            "0.5", "1e999", "-1e999", "1e-999", "99999999999999999999999", "[]", "{}", "[1, \"a\"]",
            "{\"test_accuracy\": 2}", "\"NaN\"", "NaN", "Infinity", "0.1e1", "-0.0");
    private static final List<String> CELLS = List.of("", "abc", "NaN", "Infinity", "-Infinity", "1e999", "-1", "7",
            "0.5", "0", "1", "1.0000001", "\"", "\"q\"", ",", ",,", "\n", "0x10", "1d", "1f", " 0.5", "+0.5", "é",
            "\r\n", "99999999999");

    @Test
    void runJsonReadsAsValidOrSaysWhy() throws Exception {
        // Fixed seeds: every run tries the same 150 cases, and a failure names its seed.
        for (long seed = 0x5EED0200L; seed < 0x5EED0200L + 150; seed++) runJsonReadsAsValidOrSaysWhyFor(seed);
    }

    private void runJsonReadsAsValidOrSaysWhyFor(long seed) throws Exception {
        Random r = new Random(seed);
        String original = Files.readString(resource("/report/run.json"), StandardCharsets.UTF_8);
        String mutated = mutateJson(original, r);
        Path file = write(RunLayout.RECORD, mutated);
        String what = "seed " + seed + ":\n" + mutated;
        try {
            RunRecord.Stored s = RunRecord.read(file);
            checkMetrics(s.finalMetrics(), what);
            if (s.checkpoint() != null) checkMetrics(s.checkpoint().bestMetrics(), what);
            if (s.is(RunStatus.COMPLETED)) assertNotNull(s.finalMetrics().get("test_accuracy"), what);
            RunRecord.Throughput t = s.throughput();
            for (Double v : new Double[] {t.trainImagesPerSecond(), t.trainSeconds(), t.evalImagesPerSecond()}) {
                assertTrue(v == null || Double.isFinite(v), what);
            }
        } catch (RunRecord.UnreadableException e) {
            clear(e.getMessage(), RunLayout.RECORD, what);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void metricsCsvReadsAsValidOrSaysWhy() throws Exception {
        // Fixed seeds: every run tries the same 150 cases, and a failure names its seed.
        for (long seed = 0x5EEE0200L; seed < 0x5EEE0200L + 150; seed++) metricsCsvReadsAsValidOrSaysWhyFor(seed);
    }

    private void metricsCsvReadsAsValidOrSaysWhyFor(long seed) throws Exception {
        Random r = new Random(seed);
        String original = Files.readString(resource("/compare/results/quick/20260101-100000/metrics.csv"),
                StandardCharsets.UTF_8);
        String mutated = mutateCsv(original, r);
        Path file = write(RunLayout.METRICS, mutated);
        String what = "seed " + seed + ":\n" + mutated;
        try {
            MetricsCsv.Table t = MetricsCsv.read(file);
            for (String column : t.header()) {
                if (column.equals("epoch")) continue;
                for (double v : t.numbers(column)) {
                    if (MetricsCsv.REQUIRED.contains(column)) assertTrue(Double.isFinite(v), column + "; " + what);
                    assertFalse(Double.isInfinite(v), column + "; " + what);
                    if (column.endsWith("_accuracy") && !Double.isNaN(v)) assertTrue(v >= 0 && v <= 1, what);
                }
            }
            for (Map<String, String> row : t.rows()) assertTrue(Integer.parseInt(row.get("epoch").strip()) > 0, what);
            for (String note : t.skipped()) assertTrue(note.matches("metrics\\.csv line \\d+: row skipped: .+"), note);
        } catch (MetricsCsv.UnreadableException e) {
            clear(e.getMessage(), RunLayout.METRICS, what);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void clear(String message, String file, String what) {
        assertTrue(message.startsWith(file), message + "; " + what);
        for (String leak : List.of("Exception", "com.fasterxml", "org.apache", "Unexpected", "startline", "\n")) {
            assertFalse(message.contains(leak), "leaks '" + leak + "': " + message + "; " + what);
        }
    }

    private static void checkMetrics(RunRecord.Metrics m, String what) {
        m.values().forEach((k, v) -> {
            assertTrue(Double.isFinite(v), k + "; " + what);
            if (k.endsWith("_accuracy")) assertTrue(v >= 0 && v <= 1, k + "; " + what);
        });
    }

    private static String mutateJson(String text, Random r) {
        String s = text;
        int edits = 1 + r.nextInt(3);
        for (int e = 0; e < edits; e++) {
            switch (r.nextInt(4)) {
                case 0 -> { // a value replaced
                    int colon = nthColon(s, r);
                    if (colon < 0) break;
                    int end = colon + 1;
                    int depth = 0;
                    while (end < s.length()) {
                        char c = s.charAt(end);
                        if (c == '{' || c == '[') depth++;
                        if ((c == '}' || c == ']') && depth-- == 0) break;
                        if (c == ',' && depth == 0) break;
                        end++;
                    }
                    s = s.substring(0, colon + 1) + " " + JSON_VALUES.get(r.nextInt(JSON_VALUES.size()))
                            + s.substring(Math.min(end, s.length()));
                }
                case 1 -> s = s.substring(0, r.nextInt(s.length() + 1)); // cut short
                case 2 -> { // a line dropped
                    List<String> lines = new java.util.ArrayList<>(s.lines().toList());
                    if (!lines.isEmpty()) lines.remove(r.nextInt(lines.size()));
                    s = String.join("\n", lines);
                }
                default -> { // a character changed
                    if (s.isEmpty()) break;
                    int i = r.nextInt(s.length());
                    s = s.substring(0, i) + "{}[],:\"0a-e. ".charAt(r.nextInt(13)) + s.substring(i + 1);
                }
            }
        }
        return s;
    }

    private static int nthColon(String s, Random r) {
        int count = (int) s.chars().filter(c -> c == ':').count();
        if (count == 0) return -1;
        int n = r.nextInt(count);
        int i = -1;
        for (int k = 0; k <= n; k++) i = s.indexOf(':', i + 1);
        return i;
    }

    private static String mutateCsv(String text, Random r) {
        List<String> lines = new java.util.ArrayList<>(text.lines().toList());
        int edits = 1 + r.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int li = r.nextInt(lines.size());
            String[] cells = lines.get(li).split(",", -1);
            switch (r.nextInt(4)) {
                case 0, 1 -> {
                    cells[r.nextInt(cells.length)] = CELLS.get(r.nextInt(CELLS.size()));
                    lines.set(li, String.join(",", cells));
                }
                case 2 -> lines.set(li, lines.get(li).substring(0, r.nextInt(lines.get(li).length() + 1)));
                default -> lines.add(li, lines.get(li));
            }
        }
        return String.join("\n", lines) + (r.nextBoolean() ? "\n" : "");
    }

    private Path write(String name, String content) throws IOException {
        Path dir = Files.createTempDirectory("reader-property");
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        file.toFile().deleteOnExit();
        dir.toFile().deleteOnExit();
        return file;
    }

    private static Path resource(String name) throws Exception {
        return Path.of(ResultsReadersPropertyTest.class.getResource(name).toURI());
    }
}
