package dev.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reproduce} runs every experiment in one JVM, so it cannot mix portable and fast ones. */
class PortableReproduceTest {
    private static final String EXPERIMENT = """
            name: %s
            seed: 1
            dataset: {name: mnist, train_limit: 10}
            model: {layers: [flatten, {dense: 10}]}
            optimizer: {sgd: {lr: 0.1}}
            training: {epochs: 1, batch_size: 8}
            reproducibility: %s
            """;

    @TempDir
    Path dir;

    @Test
    void mixedModesAreRefusedBeforeAnythingTrains() throws Exception {
        Path fast = dir.resolve("a.yaml");
        Path portable = dir.resolve("b.yaml");
        Files.writeString(fast, EXPERIMENT.formatted("a", "fast"));
        Files.writeString(portable, EXPERIMENT.formatted("b", "portable"));
        Path out = dir.resolve("out");
        CliRun run = CliRun.of("reproduce", fast.toString(), portable.toString(), "--out", out.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("these are reproducibility: portable (" + portable + ") while these are fast ("
                + fast + ")"), run.err());
        assertTrue(run.err().contains("--set reproducibility=portable"), run.err());
        assertFalse(Files.exists(out), "nothing ran");
    }
}
