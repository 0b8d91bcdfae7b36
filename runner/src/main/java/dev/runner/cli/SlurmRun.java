package dev.runner.cli;

import dev.runner.results.RunDirectory;
import dev.runner.results.RunLayout;
import dev.runner.run.Datasets;
import dev.runner.run.PreparedExperiment;
import dev.runner.sweep.SlurmOptions;
import dev.runner.sweep.SweepPlan;
import dev.runner.sweep.SweepRunner;
import dev.runner.sweep.slurm.SlurmExecutor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code runner FILE.yaml --executor slurm}: the one run as a one-task Slurm array into
 * {@code <results>/<name>/<run-id>/}, the folder a local run makes; waits and reports as a local run ends, or detaches.
 */
final class SlurmRun {
    private SlurmRun() {
    }

    static int run(CommandSpec spec, RunCommand.Arguments args, PreparedExperiment prepared) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SlurmOptions slurm = args.executor.slurmOptions();
        Path dataDir = args.experiment.resolvedDataDir();
        args.executor.preflight(slurm, args.out, dataDir, err);
        new Datasets(dataDir, RunnerCommand.runnerHome(), err).fetchIfMissing(Set.of(prepared.spec().dataset().name()));
        SweepPlan.Point point = SlurmExecutor.singlePoint(prepared.experiment(), prepared.summary(),
                List.copyOf(args.experiment.overrides));
        RunDirectory dir = RunDirectory.create(args.out.toAbsolutePath().normalize(), prepared.spec().name(),
                ZonedDateTime.now());
        SlurmExecutor executor = new SlurmExecutor(args.executor.settings(slurm, null));
        Thread hook = new Thread(executor::abort, "slurm-run-abort");
        Runtime.getRuntime().addShutdownHook(hook);
        SweepRunner.Summary summary;
        try {
            summary = executor.runOne(point, dir.path(), dataDir, out);
        } catch (IOException e) {
            throw new CommandFailure("error: " + e.getMessage(), e);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: the run was interrupted
            }
        }
        out.flush();
        if (executor.detached()) return ExitCodes.OK;
        if (summary.done() == 1) {
            out.println("report: " + dir.file(RunLayout.REPORT));
            out.println("results: " + dir.path());
            out.flush();
            return ExitCodes.OK;
        }
        if (!summary.failures().isEmpty()) {
            throw new CommandFailure("error: training failed: " + summary.failures().get(0));
        }
        throw new CommandFailure("error: the run did not finish (above: how Slurm ended it); its folder "
                + dir.path() + " has no complete run.json");
    }
}
