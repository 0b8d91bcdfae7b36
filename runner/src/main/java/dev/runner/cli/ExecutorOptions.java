package dev.runner.cli;

import dev.runner.sweep.SlurmOptions;
import dev.runner.sweep.slurm.SlurmExecutor;
import dev.runner.sweep.slurm.SlurmSetupException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Where runs are trained: here (the default) or as a Slurm job array. Shared by the commands that train: a sweep, a
 * single run and {@code reproduce}.
 */
final class ExecutorOptions {
    enum Executor { local, slurm }

    @Option(names = "--executor", paramLabel = "local|slurm",
            description = "Where to train: local (default; child JVMs here) or slurm (one sbatch job array, one task "
                    + "per point or run; sbatch, squeue and scancel must be on the PATH).")
    Executor executor = Executor.local;

    @Option(names = "--slurm-partition", paramLabel = "NAME", description = "Slurm: the partition (sbatch -p).")
    String partition;

    @Option(names = "--slurm-time", paramLabel = "TIME",
            description = "Slurm: each task's time limit, e.g. 90 (minutes), 02:00:00 or 1-12 (days-hours).")
    String time;

    @Option(names = "--slurm-cpus-per-task", paramLabel = "N",
            description = "Slurm: CPUs per task, also its OMP_NUM_THREADS (default: 1).")
    Integer cpusPerTask;

    @Option(names = "--slurm-mem", paramLabel = "SIZE", description = "Slurm: memory per task, e.g. 8G (sbatch --mem).")
    String mem;

    @Option(names = "--slurm-option", paramLabel = "OPTION",
            description = "Slurm: one more sbatch option, e.g. --slurm-option=--account=ml101 (repeatable).")
    List<String> options = new ArrayList<>();

    @Option(names = "--detach", description = "Slurm: submit, print the job id and how to follow and finish, and exit "
            + "without waiting.")
    boolean detach;

    boolean slurm() {
        return executor == Executor.slurm;
    }

    /** The command line's Slurm options; what it leaves out may come from the sweep file. */
    SlurmOptions slurmOptions() {
        return new SlurmOptions(partition, time, cpusPerTask, mem, options);
    }

    /**
     * Checks what can be checked before anything is fetched or submitted ({@link SlurmExecutor#preflight}); a setup
     * that cannot work is a usage error (exit 2), a doubtful one a warning.
     */
    void preflight(SlurmOptions slurm, Path results, Path dataDir, PrintWriter err) {
        try {
            SlurmExecutor.preflight(slurm, results, dataDir).forEach(w -> err.println("runner: warning: " + w));
            err.flush();
        } catch (SlurmSetupException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /**
     * How the executor submits and waits. squeue is asked every {@code runner.slurm.poll-seconds} seconds (default
     * 10: often enough to follow, rare enough for a shared controller).
     */
    SlurmExecutor.Settings settings(SlurmOptions slurm, Integer throttle) {
        long poll = Long.getLong("runner.slurm.poll-seconds", 10);
        return new SlurmExecutor.Settings(slurm, throttle, detach, Duration.ofSeconds(Math.max(1, poll)));
    }

    /** Slurm options given without {@code --executor slurm} would silently do nothing: a usage error. */
    void check() {
        if (slurm()) {
            List<String> problems = slurmOptions().problems();
            if (!problems.isEmpty()) throw new UsageException(String.join("; ", problems));
            return;
        }
        List<String> given = new ArrayList<>();
        if (partition != null) given.add("--slurm-partition");
        if (time != null) given.add("--slurm-time");
        if (cpusPerTask != null) given.add("--slurm-cpus-per-task");
        if (mem != null) given.add("--slurm-mem");
        if (!options.isEmpty()) given.add("--slurm-option");
        if (detach) given.add("--detach");
        if (!given.isEmpty()) {
            throw new UsageException(String.join(", ", given) + " appl" + (given.size() == 1 ? "ies" : "y")
                    + " to Slurm runs; add --executor slurm");
        }
    }
}
