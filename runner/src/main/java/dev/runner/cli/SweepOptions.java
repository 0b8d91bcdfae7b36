package dev.runner.cli;

import picocli.CommandLine.Option;

/** Options of a sweep file's run; a single experiment rejects them. */
final class SweepOptions {
    @Option(names = "--workers", paramLabel = "N", defaultValue = "1",
            description = "Sweeps: train N points at once, each in its own JVM, OMP_NUM_THREADS divided among them "
                    + "(default: 1).")
    int workers = 1;

    @Option(names = "--dry-run", description = "Sweeps: list the points and estimate the time from a short timing "
            + "run; train nothing.")
    boolean dryRun;

    @Option(names = "--fail-fast", description = "Sweeps: stop at the first failing point (default: go on).")
    boolean failFast;

    @Option(names = "--budget", paramLabel = "DURATION", description = "Sweeps: start no point that would end "
            + "after this time from the start (e.g. 90s, 30m, 1h, 2h30m); the points left out stay to go. Overrides "
            + "sweep.budget.")
    String budget;

    boolean given() {
        return workers != 1 || dryRun || failFast || budget != null;
    }
}
