package dev.runner.cli;

import dev.runner.config.DatasetName;
import dev.runner.config.ExperimentLoader;
import dev.runner.config.InvalidExperimentException;
import dev.runner.data.DataException;
import dev.runner.data.DatasetFetcher;
import dev.runner.data.DatasetInfo;
import dev.runner.data.DatasetStore;
import dev.runner.sweep.Estimate;
import dev.runner.sweep.Leaderboard;
import dev.runner.sweep.PointStatus;
import dev.runner.sweep.SweepFile;
import dev.runner.sweep.SweepPlan;
import dev.runner.sweep.SweepRunner;
import dev.runner.util.Durations;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;

/** {@code runner SWEEP.yaml}: plan, check every point, run the points not done, write the leaderboard. */
final class SweepCommand {

    int run(CommandSpec spec, RunCommand.Arguments args) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SweepOptions options = args.sweep;
        if (options.workers < 1) {
            err.println("runner: --workers must be at least 1, got " + options.workers);
            err.flush();
            return ExitCodes.INVALID;
        }
        SweepPlan plan;
        try (ExperimentLoader loader = new ExperimentLoader()) {
            SweepFile sweep = SweepFile.load(loader, args.file);
            plan = SweepPlan.expand(sweep, args.experiment.overrides, loader);
        } catch (InvalidExperimentException e) {
            err.println(e.render());
            err.flush();
            return ExitCodes.INVALID;
        } catch (SweepPlan.InvalidPointException e) {
            err.println(e.render());
            err.flush();
            return ExitCodes.INVALID;
        }
        Set<String> warnings = new LinkedHashSet<>();
        for (SweepPlan.Point p : plan.points()) {
            if (!p.experiment().warnings().isEmpty()) warnings.add(p.experiment().renderWarnings());
        }
        warnings.forEach(err::println);
        plan.warnings().forEach(w -> err.println("runner: warning: " + w));
        err.flush();
        Path dataDir = args.experiment.resolvedDataDir();
        Path dir = SweepRunner.directory(plan, args.out);
        if (options.dryRun) return dryRun(plan, dir, dataDir, options.workers, out, err);
        if (!ensureData(plan, dataDir, err)) return ExitCodes.FAILURE;
        SweepRunner runner = new SweepRunner();
        Thread hook = new Thread(runner::abort, "sweep-abort");
        Runtime.getRuntime().addShutdownHook(hook);
        SweepRunner.Summary summary;
        try {
            summary = runner.run(plan, new SweepRunner.Options(args.out, dataDir, options.workers, options.failFast),
                    out);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: the sweep was interrupted
            }
        }
        Leaderboard board = Leaderboard.write(summary.directory());
        out.println();
        out.print(board.markdown());
        out.println("leaderboard: " + summary.directory().resolve(Leaderboard.HTML) + " (also .csv, .md)");
        if (!summary.failures().isEmpty()) {
            err.println("runner: " + summary.failures().size() + " point(s) failed (they rerun next time):");
            summary.failures().forEach(f -> err.println("  " + f));
        }
        if (summary.interrupted() > 0) {
            err.println("runner: " + summary.interrupted() + " point(s) not run or interrupted; run the sweep again "
                    + "to finish it");
        }
        out.flush();
        err.flush();
        return summary.failures().isEmpty() && summary.interrupted() == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private static int dryRun(SweepPlan plan, Path dir, Path dataDir, int workers, PrintWriter out, PrintWriter err)
            throws Exception {
        out.println(plan.name() + ": " + plan.points().size() + " points into " + dir + "; ranked by "
                + plan.rankBy());
        for (SweepPlan.Point p : plan.points()) {
            PointStatus status = PointStatus.of(dir.resolve(p.id()));
            out.printf(Locale.ROOT, "%4d  %s  %-11s  %s%n", p.index(), p.id(), status.name().toLowerCase(Locale.ROOT),
                    p.describe());
        }
        out.println(SweepRunner.resumeLine(SweepRunner.census(plan, dir)));
        List<SweepPlan.Point> toGo = plan.points().stream()
                .filter(p -> PointStatus.of(dir.resolve(p.id())) != PointStatus.DONE).toList();
        if (toGo.isEmpty()) {
            out.flush();
            return ExitCodes.OK;
        }
        if (!ensureData(plan, dataDir, err)) return ExitCodes.FAILURE;
        out.println("timing run (first point to go, 512 images, 2 epochs)...");
        out.flush();
        Path scratch = Files.createTempDirectory("runner-timing");
        try {
            Estimate.Result e = Estimate.measure(plan, toGo, dataDir, workers, scratch);
            out.printf(Locale.ROOT, "estimate: about %s for %d point(s) with %d worker(s) (per point %.1fs start-up, "
                            + "%.0f train images/s, %.0f eval images/s; rough)%n", Durations.compact(e.totalSeconds()),
                    toGo.size(), workers, e.overheadSeconds(), e.trainImagesPerSecond(), e.evalImagesPerSecond());
        } finally {
            try (var files = Files.walk(scratch)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static boolean ensureData(SweepPlan plan, Path dataDir, PrintWriter err) {
        Set<DatasetName> names = new LinkedHashSet<>();
        plan.points().forEach(p -> names.add(p.experiment().spec().dataset().name()));
        try {
            for (DatasetName name : names) {
                new DatasetFetcher(RunnerCommand.runnerHome()).fetchIfMissing(new DatasetStore(dataDir),
                        DatasetInfo.of(name), err);
            }
            return true;
        } catch (DataException e) {
            err.println("runner: error: " + e.getMessage());
            err.flush();
            return false;
        }
    }
}
