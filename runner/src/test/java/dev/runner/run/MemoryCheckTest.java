package dev.runner.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.TestData;
import dev.runner.cli.CliRun;
import dev.runner.config.ExperimentLoader;
import dev.runner.config.InvalidExperimentException;
import dev.runner.config.LoadedExperiment;
import dev.runner.model.ModelSummary;
import dev.runner.model.ShapeInference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model that cannot fit in the JVM is refused before anything is allocated, with the numbers and what to change. */
class MemoryCheckTest {
    private static final Path QUICK = TestData.checkout().resolve("experiments/quick.yaml");
    private static final String HUGE = "model.layers[0].conv2d.filters=1000000";

    @TempDir
    Path results;

    @Test
    void aMillionFiltersAreRefusedByValidateAndRunWithTheNumbers() {
        long start = System.nanoTime();
        CliRun validate = CliRun.of("validate", QUICK.toString(), "--set", HUGE);
        assertEquals(2, validate.exitCode(), validate.out() + validate.err());
        String err = validate.out() + validate.err();
        assertTrue(err.contains("quick.yaml:19:"), "at the conv2d layer's line: " + err);
        assertTrue(err.contains("needs about ") && err.contains(" GB of native memory, more than this JVM's limit"),
                err);
        assertTrue(err.contains("5,408,000,000 parameters") || err.matches("(?s).*[0-9,]{13,} parameters.*"), err);
        assertTrue(err.contains("training.batch_size") && err.contains("RUNNER_JAVA_OPTS=-Xmx"), err);

        CliRun run = CliRun.of(QUICK.toString(), "--set", HUGE, "--out", results.toString());
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains("native memory"), run.err());
        assertFalse(Files.exists(results.resolve("quick")), "refused before a results folder is made");
        assertTrue((System.nanoTime() - start) / 1e9 < 20, "refused at once, not after growing");
    }

    @Test
    void theLimitsDecide() throws Exception {
        LoadedExperiment quick;
        try (ExperimentLoader loader = new ExperimentLoader()) {
            quick = loader.load(QUICK, List.of());
        }
        ModelSummary summary = new ShapeInference().infer(quick);
        MemoryCheck.check(quick, summary, new MemoryCheck.Limits(1L << 30, 1L << 30));
        InvalidExperimentException offHeap = assertThrows(InvalidExperimentException.class,
                () -> MemoryCheck.check(quick, summary, new MemoryCheck.Limits(1L << 30, 1_000_000)));
        assertTrue(offHeap.render().contains("more than this JVM's limit of 1.0 MB"), offHeap.render());
        InvalidExperimentException heap = assertThrows(InvalidExperimentException.class,
                () -> MemoryCheck.check(quick, summary, new MemoryCheck.Limits(10_000, 1L << 30)));
        assertTrue(heap.render().contains("of Java heap, more than this JVM's maximum of 0.0 MB"), heap.render());
    }
}
