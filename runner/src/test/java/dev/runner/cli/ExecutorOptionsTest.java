package dev.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runner.TestData;
import org.junit.jupiter.api.Test;

/** Usage errors of the executor options: found before anything is loaded, fetched or submitted. */
class ExecutorOptionsTest {
    private static final String QUICK = TestData.checkout().resolve("experiments/quick.yaml").toString();

    @Test
    void slurmOptionsWithoutTheSlurmExecutorAreAUsageError() {
        CliRun r = CliRun.of(QUICK, "--slurm-time", "10", "--detach");
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertEquals("runner: --slurm-time, --detach apply to Slurm runs; add --executor slurm\n", r.err());
    }

    @Test
    void badSlurmValuesAreAUsageErrorNamingEachOption() {
        CliRun r = CliRun.of(QUICK, "--executor", "slurm", "--slurm-time", "2h", "--slurm-option=--array=1-3");
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertEquals("runner: --slurm-time: '2h' is not a Slurm time limit; write minutes (90), hours:minutes:seconds "
                + "(02:00:00) or days-hours (1-12); --slurm-option=--array=1-3: the runner sets --array itself (one "
                + "array task per point, its log in the point's folder)\n", r.err());
    }

    @Test
    void anUnknownExecutorListsTheKnownOnes() {
        CliRun r = CliRun.of(QUICK, "--executor", "pbs");
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertEquals("runner: Invalid value for option '--executor': expected one of [local, slurm] (case-sensitive) "
                + "but was 'pbs'\n", r.err().lines().findFirst().orElse("") + "\n");
    }
}
