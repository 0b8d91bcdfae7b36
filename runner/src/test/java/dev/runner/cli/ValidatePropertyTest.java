package dev.runner.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code validate} on generated YAML: random documents (keys known and unknown, values of every scalar kind, tags,
 * anchors and aliases, nesting, sizes) and mutations of a real experiment. Whatever the text, it ends with exit 0 or
 * 2 within bounded time, and a refusal is positioned (file:line:column) and never an exception's text. Each try is
 * built from its seed, so a failing seed reproduces the document (the failure message prints both).
 */
class ValidatePropertyTest {
    private static final Pattern POSITIONED = Pattern.compile("\\.yaml:\\d+:\\d+: ");
    private static final List<String> KEYS = List.of("name", "description", "seed", "dataset", "transforms", "model",
            "layers", "loss", "optimizer", "training", "epochs", "batch_size", "eval_batch_size", "lr", "momentum",
            "sgd", "adam", "adamw", "conv2d", "dense", "filters", "kernel", "units", "maxpool", "flatten", "relu",
            "validation_split", "train_limit", "checkpoint", "early_stopping", "schedule", "step", "gamma",
            "evaluation", "reference", "extends", "init", "normalize", "random_crop", "padding", "stride", "bias",
            "dropout", "batchnorm", "mnist", "zzz", "Name", "", "<<", "0", "-1");
    private static final List<String> SCALARS = List.of("0", "1", "-1", "7", "32", "0.5", "1e400", "-1e400", ".inf",
            "-.inf", ".nan", "NaN", "1e-400", "99999999999999999999", "2147483648", "-2147483649", "0x1F", "0o17",
            "1_000", "true", "false", "yes", "no", "~", "null", "''", "\"\"", "mnist", "fashion-mnist", "relu", "auto",
            "same", "abc", "\"\\u0000\"", "'it''s'", "[]", "{}", "[1, 2]", "{a: 1}", "!!str 5", "!!int x",
            "!!float abc", "!!binary AAAA", "!!map {}", "!!seq []", "!foo bar", "!!timestamp 2001-01-01",
            "!!python/object:os.system x", "&a 1", "*a", "*nope", "|\n  text", ">-\n  folded", "\"\\x41\"",
            "0.0000001", "1e6", "-0.0", "\t", "? complex", "- - nested", "%TAG", "---", "...", "@reserved",
            "`reserved", "\"unterminated", "[unclosed", "{unclosed: 1");

    @Test
    void randomDocumentsValidateCleanly() throws IOException {
        // Fixed seeds: every run tries the same 80 cases, and a failure names its seed.
        for (long seed = 0x5EED0100L; seed < 0x5EED0100L + 80; seed++) randomDocumentsValidateCleanlyFor(seed);
    }

    private static void randomDocumentsValidateCleanlyFor(long seed) throws IOException {
        check(randomDocument(new Random(seed)), seed);
    }

    @Test
    void mutatedExperimentsValidateCleanly() throws IOException {
        // Fixed seeds: every run tries the same 80 cases, and a failure names its seed.
        for (long seed = 0x5EEE0100L; seed < 0x5EEE0100L + 80; seed++) mutatedExperimentsValidateCleanlyFor(seed);
    }

    private static void mutatedExperimentsValidateCleanlyFor(long seed) throws IOException {
        check(mutate(Files.readAllLines(TestData.checkout().resolve("experiments/quick.yaml")), new Random(seed)),
                seed);
    }

    private static void check(String yaml, long seed) throws IOException {
        Path dir = Files.createTempDirectory("validate-property");
        Path file = dir.resolve("generated.yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        try {
            CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> CliRun.of("validate",
                    file.toString()), () -> "validate did not finish in 10 s; seed " + seed + ":\n" + yaml);
            String what = "seed " + seed + ", exit " + run.exitCode() + ":\n--- document\n" + yaml + "\n--- output\n"
                    + run.out() + run.err();
            assertTrue(run.exitCode() == 0 || run.exitCode() == 2, what);
            if (run.exitCode() == 2) assertTrue(POSITIONED.matcher(run.err()).find(), "not positioned; " + what);
            for (String leak : List.of("Exception", "\tat ", "java.", "org.yaml", "snakeyaml")) {
                assertFalse(run.err().contains(leak) || run.out().contains(leak), "leaks '" + leak + "'; " + what);
            }
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    static String randomDocument(Random r) {
        StringBuilder b = new StringBuilder();
        if (r.nextInt(8) == 0) b.append(r.nextBoolean() ? "---\n" : "%YAML 1.1\n---\n");
        int keys = 1 + r.nextInt(r.nextInt(10) == 0 ? 60 : 8);
        for (int i = 0; i < keys; i++) appendEntry(b, r, 0, 3);
        if (r.nextInt(10) == 0) b.append(r.nextBoolean() ? "...\n" : "---\nsecond: document\n");
        return b.toString();
    }

    private static void appendEntry(StringBuilder b, Random r, int indent, int depth) {
        String pad = " ".repeat(indent);
        String key = r.nextInt(6) == 0 ? randomWord(r) : KEYS.get(r.nextInt(KEYS.size()));
        int kind = depth == 0 ? 0 : r.nextInt(4);
        if (kind == 0) {
            String value = SCALARS.get(r.nextInt(SCALARS.size()));
            if (value.contains("\n")) value = value.replace("\n", "\n" + pad);
            b.append(pad).append(key).append(": ").append(value).append('\n');
        } else if (kind == 1) {
            b.append(pad).append(key).append(":").append(r.nextInt(5) == 0 ? " &anchor" : "").append('\n');
            int n = 1 + r.nextInt(4);
            for (int i = 0; i < n; i++) appendEntry(b, r, indent + 2, depth - 1);
        } else if (kind == 2) {
            b.append(pad).append(key).append(":\n");
            int n = 1 + r.nextInt(4);
            for (int i = 0; i < n; i++) {
                if (r.nextBoolean()) {
                    b.append(pad).append("  - ").append(SCALARS.get(r.nextInt(SCALARS.size())).replace("\n", " "))
                            .append('\n');
                } else {
                    b.append(pad).append("  -\n");
                    appendEntry(b, r, indent + 4, depth - 1);
                }
            }
        } else {
            b.append(pad).append(key).append(": {").append(KEYS.get(r.nextInt(KEYS.size()))).append(": ")
                    .append(SCALARS.get(r.nextInt(12))).append("}\n");
        }
    }

    private static String randomWord(Random r) {
        int n = 1 + r.nextInt(r.nextInt(20) == 0 ? 300 : 12);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) s.append((char) ('a' + r.nextInt(26)));
        return s.toString();
    }

    /** One to three edits of a real experiment: a value replaced, a line dropped, doubled or re-indented. */
    static String mutate(List<String> lines, Random r) {
        List<String> out = new ArrayList<>(lines);
        int edits = 1 + r.nextInt(3);
        for (int e = 0; e < edits && !out.isEmpty(); e++) {
            int i = r.nextInt(out.size());
            String line = out.get(i);
            switch (r.nextInt(5)) {
                case 0 -> {
                    int colon = line.lastIndexOf(": ");
                    String value = SCALARS.get(r.nextInt(SCALARS.size())).replace("\n", " ");
                    out.set(i, colon >= 0 ? line.substring(0, colon + 2) + value : line + " " + value);
                }
                case 1 -> out.remove(i);
                case 2 -> out.add(i, line);
                case 3 -> out.set(i, " ".repeat(r.nextInt(5)) + line.strip());
                default -> {
                    int colon = line.indexOf(':');
                    if (colon > 0) out.set(i, line.substring(0, colon).replaceAll("[a-z_]+", randomWord(r))
                            + line.substring(colon));
                }
            }
        }
        return String.join("\n", out) + "\n";
    }
}
