package dev.runner.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.cli.CliRun;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that are not experiments at all get one clear line, quickly and without reading them whole. The time limit
 * is generous for a shared 2-core machine; what it guards against is an alias bomb expanding or a huge file being
 * parsed, which take minutes or run out of memory.
 */
class HostileInputTest {
    private static final Duration QUICK = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    @BeforeAll
    static void warmUp() {
        // The first validation pays for loading Hibernate Validator; the limit is about the input, not that.
        CliRun.of("validate", ValidateGoldenTest.VALID.resolve("minimal.yaml").toString());
    }

    @Test
    void hugeFileIsRefusedBeforeItIsRead() throws IOException {
        Path huge = dir.resolve("huge.yaml");
        byte[] line = "# padding padding padding padding padding padding padding padding padding padding\n"
                .getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = Files.newOutputStream(huge)) {
            for (long written = 0; written <= 3L << 20; written += line.length) out.write(line);
        }

        CliRun result = assertTimeoutPreemptively(QUICK, () -> CliRun.of("validate", huge.toString()));

        assertEquals(2, result.exitCode());
        assertEquals(huge + ": file is 3.0 MiB; an experiment is a page or two of YAML (at most 1 MiB)\n",
                result.err());
    }

    @Test
    void directoryIsNamedAsOne() {
        CliRun result = assertTimeoutPreemptively(QUICK, () -> CliRun.of("validate", dir.toString()));

        assertEquals(2, result.exitCode());
        assertEquals(dir + ": is a directory; give an experiment file (.yaml)\n", result.err());
    }

    @Test
    void missingFileIsNamed() {
        Path missing = dir.resolve("no-such.yaml");

        CliRun result = assertTimeoutPreemptively(QUICK, () -> CliRun.of("validate", missing.toString()));

        assertEquals(2, result.exitCode());
        assertEquals(missing + ": no such file\n", result.err());
    }

    @Test
    void aliasBombAndDeepNestingFailFast() {
        for (String name : new String[] {"yaml_bomb", "deep_nesting", "binary"}) {
            Path file = ValidateGoldenTest.INVALID.resolve(name + ".yaml");

            CliRun result = assertTimeoutPreemptively(QUICK, () -> CliRun.of("validate", file.toString()));

            assertEquals(2, result.exitCode(), name);
            assertTrue(result.err().startsWith(file + ": "), result.err());
        }
    }

    @Test
    void aliasesWithinTheLimitStillWork() throws Exception {
        // The bomb guard must not reject the ordinary use of anchors: sharing one normalize between train and eval.
        String text = """
                name: anchors
                seed: 1
                dataset: {name: mnist}
                transforms:
                  train: &norm
                    - normalize: {mean: 0.13, std: 0.31}
                  eval: *norm
                model:
                  layers: [flatten, {dense: 10}]
                optimizer: {adam: {}}
                training: {epochs: 1, batch_size: 8}
                """;
        try (ExperimentLoader loader = new ExperimentLoader()) {
            LoadedExperiment e = loader.parse("anchors.yaml", text, java.util.List.of());
            assertEquals(e.spec().transforms().train(), e.spec().transforms().eval());
        }
    }
}
