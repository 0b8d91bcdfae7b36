package dev.runner.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReproducibilityKeyTest {
    private static final Path MINIMAL = ValidateGoldenTest.VALID.resolve("minimal.yaml");

    @Test
    void fastByDefaultAndNotWrittenSoFastConfigsHashAsBefore() throws Exception {
        try (ExperimentLoader loader = new ExperimentLoader()) {
            ExperimentSpec spec = loader.load(MINIMAL, List.of()).spec();
            assertEquals(Reproducibility.FAST, spec.reproducibility());
            assertFalse(new ExperimentWriter().write(spec).contains("reproducibility"));
            ExperimentSpec explicit = loader.load(MINIMAL, List.of("reproducibility=fast")).spec();
            assertEquals(new ExperimentWriter().write(spec), new ExperimentWriter().write(explicit));
        }
    }

    @Test
    void setPortableLikeAnyKeyAndItIsWritten() throws Exception {
        try (ExperimentLoader loader = new ExperimentLoader()) {
            ExperimentSpec spec = loader.load(MINIMAL, List.of("reproducibility=portable")).spec();
            assertEquals(Reproducibility.PORTABLE, spec.reproducibility());
            String written = new ExperimentWriter().write(spec);
            assertTrue(written.contains("\nreproducibility: portable\n"), written);
            assertEquals(Reproducibility.PORTABLE, loader.parse("config.yaml", written, List.of()).spec()
                    .reproducibility());
        }
    }

    @Test
    void validateSaysWhatPortableDoes() {
        dev.runner.cli.CliRun run = dev.runner.cli.CliRun.of("validate",
                ValidateGoldenTest.VALID.resolve("portable.yaml").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("reproducibility: portable: trains in a JVM started with DNNL_MAX_CPU_ISA=AVX2 "
                + "OPENBLAS_CORETYPE=Haswell OMP_NUM_THREADS=1"), run.out());
        assertFalse(dev.runner.cli.CliRun.of("validate", MINIMAL.toString()).out().contains("reproducibility"));
    }

    @Test
    void aWrongValueIsPositionedWithTheClosestWord() {
        try (ExperimentLoader loader = new ExperimentLoader()) {
            InvalidExperimentException e = assertThrows(InvalidExperimentException.class,
                    () -> loader.load(MINIMAL, List.of("reproducibility=portible")));
            assertTrue(e.render().contains("unknown reproducibility 'portible'; did you mean 'portable'? "
                    + "(valid: fast, portable)"), e.render());
            InvalidExperimentException notWord = assertThrows(InvalidExperimentException.class,
                    () -> loader.load(MINIMAL, List.of("reproducibility=[fast]")));
            assertTrue(notWord.render().contains("reproducibility must be one of fast, portable"), notWord.render());
        }
    }
}
