package dev.runner.cli;

import dev.runner.config.DatasetName;
import dev.runner.config.ExperimentLoader;
import dev.runner.data.DataException;
import dev.runner.run.Datasets;
import dev.runner.sweep.Estimate;
import dev.runner.sweep.Leaderboard;
import dev.runner.sweep.PointStatus;
import dev.runner.sweep.SweepBudget;
import dev.runner.sweep.SweepFile;
import dev.runner.sweep.SweepPlan;
import dev.runner.sweep.SlurmOptions;
import dev.runner.sweep.SweepExecutor;
import dev.runner.sweep.SuccessiveHalving;
import dev.runner.sweep.SweepRunner;
import dev.runner.sweep.slurm.SlurmExecutor;
import java.io.IOException;
import dev.runner.util.Durations;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code runner sweep SWEEP.yaml} (or {@code runner SWEEP.yaml}): plan, check every point, run the points not done,
 * write the leaderboard.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Run every point of a sweep file (an experiment with a sweep: section) into "
                + "results/<sweep-name>/<point-id>/, skipping points already done, and end in a leaderboard.",
                "'runner SWEEP.yaml' and 'runner run SWEEP.yaml' do the same."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:every point completed",
                "1:a point failed or was not run, or a failure before training (data, output)",
                "2:invalid sweep or point, or usage error"})
final class SweepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SWEEP.yaml", description = "The sweep file.")
    Path file;

    @CommandLine.Mixin
    ExperimentOptions experiment = new ExperimentOptions();

    @Option(names = "--out", paramLabel = "DIR",
            description = "Root of the results folders (default: results). The sweep goes to DIR/<sweep-name>/.")
    Path out = Path.of("results");

    @CommandLine.Mixin
    DebugOption debug = new DebugOption();

    @CommandLine.Mixin
    SweepOptions options = new SweepOptions();

    @CommandLine.Mixin
    ExecutorOptions executor = new ExecutorOptions();

    @Override
    public Integer call() throws Exception {
        if (!SweepFile.isSweep(file)) {
            try (ExperimentLoader loader = new ExperimentLoader()) {
                loader.loadTree(file); // a missing or unreadable file is reported as such
            }
            throw new UsageException(file + " has no sweep: section; run it as one experiment: runner " + file);
        }
        return sweep(spec, file, experiment, out, options, executor);
    }

    /** The sweep in {@code file}, for this command and for {@code runner SWEEP.yaml}. */
    int sweep(CommandSpec spec, Path file, ExperimentOptions experiment, Path resultsRoot, SweepOptions options,
              ExecutorOptions executor) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (options.workers < 1) throw new UsageException("--workers must be at least 1, got " + options.workers);
        executor.check();
        Duration budget = null;
        if (options.budget != null) {
            budget = Durations.parse(options.budget);
            if (budget == null) {
                throw new UsageException("--budget must be " + Durations.SPAN_EXAMPLES + " (whole hours, minutes "
                        + "and seconds, more than zero), got '" + options.budget + "'");
            }
        }
        SweepPlan plan;
        SweepFile sweep;
        SweepFile.Prune prune;
        try (ExperimentLoader loader = new ExperimentLoader()) {
            sweep = SweepFile.load(loader, file);
            plan = SweepPlan.expand(sweep, experiment.overrides, loader);
            if (budget == null) budget = sweep.budget();
            prune = sweep.prune();
        }
        Set<String> warnings = new LinkedHashSet<>();
        for (SweepPlan.Point p : plan.points()) {
            if (!p.experiment().warnings().isEmpty()) warnings.add(p.experiment().renderWarnings());
        }
        warnings.forEach(err::println);
        plan.warnings().forEach(w -> err.println("runner: warning: " + w));
        err.flush();
        Path dataDir = experiment.resolvedDataDir();
        Path dir = SweepRunner.directory(plan, resultsRoot);
        SuccessiveHalving halving = prune == null ? null : prune.rule(plan.rankBy());
        if (options.dryRun) return dryRun(plan, dir, dataDir, options.workers, halving, out, err);
        SweepExecutor runner;
        SweepRunner local = null;
        if (executor.slurm()) {
            if (budget != null) {
                throw new UsageException("a time budget (--budget, sweep.budget) is for the local executor; on Slurm, "
                        + "--slurm-time limits each task");
            }
            SlurmOptions slurm = executor.slurmOptions().over(sweep.slurm());
            executor.preflight(slurm, resultsRoot, dataDir, err);
            // --workers given: at most that many tasks at once; not given: as many as Slurm will run.
            Integer throttle = spec.commandLine().getParseResult().hasMatchedOption("--workers") ? options.workers
                    : null;
            runner = new SlurmExecutor(executor.settings(slurm, throttle));
        } else {
            local = new SweepRunner();
            runner = local;
        }
        ensureData(plan, dataDir, err);
        // Each point's process reads the pruning rule from the sweep folder they share (local workers or Slurm tasks).
        Files.createDirectories(dir);
        SuccessiveHalving.writeSettings(dir, halving);
        int[] ran = {0, 0};
        SweepBudget timeBudget = null;
        if (local != null) {
            local.listener(new SweepRunner.Listener() {
                @Override
                public void pointEnded(SweepPlan.Point point, PointStatus status) {
                    synchronized (ran) {
                        if (status.finished()) ran[0]++;
                        if (status == PointStatus.PRUNED) ran[1]++;
                    }
                }
            });
            if (budget != null) {
                timeBudget = SweepBudget.timed(budget, plan, dataDir, options.workers);
                local.budget(timeBudget);
            }
        }
        SweepRunner.Summary summary = PlanExecution.run(runner, plan,
                new SweepRunner.Options(resultsRoot, dataDir, options.workers, options.failFast), out);
        if (runner instanceof SlurmExecutor slurm && slurm.detached() && slurm.submission().isPresent()) {
            return ExitCodes.OK; // the array trains on; its commands to follow and finish are printed
        }
        Leaderboard board = Leaderboard.write(summary.directory());
        out.println();
        out.print(board.markdown());
        out.println("leaderboard: " + summary.directory().resolve(Leaderboard.HTML) + " (also .csv, .md)");
        if (local != null && (halving != null || timeBudget != null)) {
            out.printf(Locale.ROOT, "%d point(s) ran, %d of them pruned%s%n", ran[0], ran[1], timeBudget == null ? ""
                    : ", " + timeBudget.leftOut().size() + " left out by the budget");
        }
        if (timeBudget != null) out.println(timeBudget.summary());
        out.flush();
        return PlanExecution.reportUnfinished(summary, err, "point", "run the sweep again") ? ExitCodes.OK
                : ExitCodes.FAILURE;
    }

    private static int dryRun(SweepPlan plan, Path dir, Path dataDir, int workers, SuccessiveHalving halving,
                              PrintWriter out, PrintWriter err) throws Exception {
        out.println(plan.name() + ": " + plan.points().size() + " points into " + dir + "; ranked by "
                + plan.rankBy());
        for (SweepPlan.Point p : plan.points()) {
            PointStatus status = PointStatus.of(dir.resolve(p.id()));
            out.printf(Locale.ROOT, "%4d  %s  %-11s  %s%n", p.index(), p.id(), status.name().toLowerCase(Locale.ROOT),
                    p.describe());
        }
        out.println(SweepRunner.resumeLine(SweepRunner.census(plan, dir)));
        List<SweepPlan.Point> toGo = plan.points().stream()
                .filter(p -> !PointStatus.of(dir.resolve(p.id())).finished()).toList();
        if (toGo.isEmpty()) {
            out.flush();
            return ExitCodes.OK;
        }
        ensureData(plan, dataDir, err);
        out.println("timing run (first point to go, 512 images, 2 epochs)...");
        out.flush();
        Path scratch = Files.createTempDirectory("runner-timing");
        try {
            Estimate.Result e = Estimate.measure(plan, toGo, dataDir, workers, scratch);
            out.printf(Locale.ROOT, "estimate: about %s for %d point(s) with %d worker(s) (per point %.1fs start-up, "
                            + "%.0f train images/s, %.0f eval images/s; rough)%n", Durations.compact(e.totalSeconds()),
                    toGo.size(), workers, e.overheadSeconds(), e.trainImagesPerSecond(), e.evalImagesPerSecond());
            if (halving != null) {
                out.printf(Locale.ROOT, "with successive halving (min_epochs %d, reduction_factor %d): about %s, "
                                + "%.1f of %d epochs per point expected%n", halving.minEpochs(),
                        halving.reductionFactor(), Durations.compact(Estimate.totalSeconds(e, toGo, workers, halving)),
                        halving.expectedEpochs(toGo.get(0).experiment().spec().training().epochs()),
                        toGo.get(0).experiment().spec().training().epochs());
            }
        } finally {
            try (var files = Files.walk(scratch)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    static void ensureData(SweepPlan plan, Path dataDir, PrintWriter err) throws DataException {
        Set<DatasetName> names = new LinkedHashSet<>();
        plan.points().forEach(p -> names.add(p.experiment().spec().dataset().name()));
        new Datasets(dataDir, RunnerCommand.runnerHome(), err).fetchIfMissing(names);
    }
}
