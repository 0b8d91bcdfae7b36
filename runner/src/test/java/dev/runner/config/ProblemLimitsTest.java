package dev.runner.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.cli.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs beyond what the format can mean still get a positioned message and exit 2: a list index no list has, and a
 * file with so many mistakes that listing them all would bury the first ones.
 */
class ProblemLimitsTest {
    private static final Path MINIMAL = ValidateGoldenTest.VALID.resolve("minimal.yaml");
    private static final String HUGE_INDEX = "model.layers[99999999999999].dense.units=5";

    @TempDir
    Path dir;

    @Test
    void aListIndexBeyondAnyListIsAnInvalidOverride() {
        String expected = "--set " + HUGE_INDEX + ": list index 99999999999999 in path "
                + "'model.layers[99999999999999].dense.units' is too large (at most 2147483647); lists are indexed "
                + "from 0\n";
        for (List<String> command : List.of(List.of("validate", "--set", HUGE_INDEX, MINIMAL.toString()),
                List.of("--set", HUGE_INDEX, MINIMAL.toString()))) {
            CliRun result = CliRun.of(command.toArray(String[]::new));

            assertEquals(2, result.exitCode(), command + ": " + result.err());
            assertEquals(expected, result.err(), command.toString());
        }
    }

    @Test
    void aSweptPathWithSuchAnIndexPointsAtItsLine() throws Exception {
        Path sweep = dir.resolve("sweep.yaml");
        Files.writeString(sweep, "extends: " + MINIMAL.toAbsolutePath() + "\nsweep:\n  grid:\n"
                + "    model.layers[3000000000].dense.units: [5, 10]\n", StandardCharsets.UTF_8);

        CliRun result = CliRun.of("validate", sweep.toString());

        assertEquals(2, result.exitCode(), result.err());
        assertTrue(result.err().startsWith(sweep + ":4:5: list index 3000000000 in path "
                + "'model.layers[3000000000].dense.units' is too large"), result.err());
    }

    @Test
    void thousandsOfProblemsAreCappedAndCounted() throws Exception {
        StringBuilder yaml = new StringBuilder(Files.readString(MINIMAL, StandardCharsets.UTF_8));
        for (int i = 0; i < 20_000; i++) yaml.append(String.format(java.util.Locale.ROOT, "key%05d: 1%n", i));
        Path file = dir.resolve("many.yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);

        CliRun result = CliRun.of("validate", file.toString());

        assertEquals(2, result.exitCode());
        String[] lines = result.err().split("\n");
        assertEquals(InvalidExperimentException.MAX_SHOWN * 3 + 1, lines.length, "three lines a problem, one count");
        assertTrue(lines[0].startsWith(file + ":15:1: unknown key 'key00000' in the experiment"), lines[0]);
        assertEquals(file + ": 19950 more problems not shown; fix the 50 above and validate again",
                lines[lines.length - 1]);
    }
}
