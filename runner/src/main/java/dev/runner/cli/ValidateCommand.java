package dev.runner.cli;

import dev.runner.config.ExperimentLoader;
import dev.runner.config.ExperimentSpec;
import dev.runner.config.LearningRateSpec;
import dev.runner.config.ScheduleSpec;
import dev.runner.config.MonitorMode;
import dev.runner.config.InvalidExperimentException;
import dev.runner.run.PreparedExperiment;
import dev.runner.train.LearningRateSchedule;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runner validate FILE.yaml...}: every problem of every file, or the model summary; trains nothing. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check experiments without running them; print each valid model's layer table.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:every file is valid",
                "2:some file is invalid, or usage error"})
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE.yaml", description = "Experiments to check.")
    List<Path> files;

    @CommandLine.Option(names = "--set", paramLabel = "PATH=VALUE",
            description = "Override a key, as for run; applies to every file.")
    List<String> overrides = new java.util.ArrayList<>();

    /** A sweep file: every point resolved and shape-checked, as the sweep does before training. */
    private int validateSweep(ExperimentLoader loader, Path file, PrintWriter out, PrintWriter err) {
        try {
            dev.runner.sweep.SweepPlan plan = dev.runner.sweep.SweepPlan.expand(
                    dev.runner.sweep.SweepFile.load(loader, file), overrides, loader);
            plan.warnings().forEach(w -> err.println("runner: warning: " + w));
            out.println(file + ": valid sweep '" + plan.name() + "', " + plan.points().size() + " points, ranked by "
                    + plan.rankBy() + "; swept: " + String.join(", ", plan.parameters()));
            return ExitCodes.OK;
        } catch (InvalidExperimentException e) {
            err.println(e.render());
        } catch (dev.runner.sweep.SweepPlan.InvalidPointException e) {
            err.println(e.render());
        }
        return ExitCodes.INVALID;
    }

    /** What the run will measure and keep beyond the usual: extra evaluation sets, checkpoint, early stopping. */
    static String watchers(dev.runner.config.ExperimentSpec spec) {
        StringBuilder s = new StringBuilder(schedule(spec));
        for (var set : spec.evaluation()) {
            s.append("evaluation set ").append(set.name()).append(": ").append(set.split().yamlName())
                    .append(" split, ").append(set.transforms().size()).append(" transform")
                    .append(set.transforms().size() == 1 ? "" : "s").append("; columns ").append(set.lossColumn())
                    .append(", ").append(set.accuracyColumn()).append('\n');
        }
        if (spec.checkpoint() != null) {
            s.append("checkpoint: the epoch with the ").append(spec.checkpoint().mode() == MonitorMode.MIN
                    ? "lowest " : "highest ").append(spec.checkpoint().monitor()).append(" is kept as best_model.zip\n");
        }
        if (spec.reproducibility() == dev.runner.config.Reproducibility.PORTABLE) {
            s.append("reproducibility: portable: trains in a JVM started with ")
                    .append(dev.runner.run.PortableMode.describe())
                    .append(", for the same params_sha256 on any x86-64 CPU with AVX2\n");
        }
        if (spec.earlyStopping() != null) {
            var e = spec.earlyStopping();
            s.append("early stopping: after ").append(e.patience()).append(" epoch").append(e.patience() == 1 ? "" : "s")
                    .append(" without ").append(e.mode() == MonitorMode.MIN ? "a decrease" : "an increase")
                    .append(" of ").append(e.monitor())
                    .append(e.minDelta() > 0 ? " by more than " + e.minDelta() : "").append('\n');
        }
        return s.toString();
    }

    /** The learning-rate schedule in words and, for epoch schedules, the rate of each epoch; empty when constant. */
    static String schedule(ExperimentSpec spec) {
        LearningRateSpec lr = spec.schedule();
        if (lr.isConstant()) return "";
        LearningRateSchedule schedule = LearningRateSchedule.of(spec);
        StringBuilder s = new StringBuilder("learning rate: ");
        ScheduleSpec kind = lr.schedule();
        if (kind == null) {
            s.append("constant ").append(number(spec.optimizer().lr()));
        } else if (kind instanceof ScheduleSpec.Step st) {
            s.append("step, ×").append(number(st.gamma())).append(" every ").append(st.stepSize()).append(" epochs");
        } else if (kind instanceof ScheduleSpec.MultiStep ms) {
            s.append("multistep, ×").append(number(ms.gamma())).append(" after epochs ")
                    .append(String.join(", ", ms.milestones().stream().map(String::valueOf).toList()));
        } else if (kind instanceof ScheduleSpec.Exponential ex) {
            s.append("exponential, ×").append(number(ex.gamma())).append(" every epoch");
        } else if (kind instanceof ScheduleSpec.Cosine c) {
            s.append("cosine annealing to ").append(number(c.etaMin())).append(" over ").append(c.tMax())
                    .append(" epochs");
        } else if (kind instanceof ScheduleSpec.OneCycle o) {
            double initial = o.maxLr() / o.divFactor();
            s.append("onecycle per batch, ").append(number(initial)).append(" up to ").append(number(o.maxLr()))
                    .append(" over the first ").append(number(100 * o.pctStart())).append("% of the steps, ")
                    .append(o.threePhase() ? "back to " + number(initial) + ", then " : "then ").append("down to ")
                    .append(number(initial / o.finalDivFactor())).append(" (").append(o.annealStrategy().yamlName())
                    .append(")\n");
            return s.toString();
        }
        if (lr.warmup() != null) {
            s.append(", with a linear warm-up over ").append(lr.warmup().epochs()).append(" epoch")
                    .append(lr.warmup().epochs() == 1 ? "" : "s").append(" from ")
                    .append(number(lr.warmup().startFactor())).append("×");
        }
        int epochs = spec.training().epochs();
        int shown = Math.min(epochs, 12);
        s.append("; by epoch:");
        for (int e = 0; e < shown; e++) s.append(' ').append(number(schedule.lr(e, 0, 1)));
        if (shown < epochs) s.append(" … ").append(number(schedule.lr(epochs - 1, 0, 1))).append(" (epoch ")
                .append(epochs).append(')');
        return s.append('\n').toString();
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.4g", v).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2")
                .replaceAll("\\.(e|$)", "$1");
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int exit = ExitCodes.OK;
        try (ExperimentLoader loader = new ExperimentLoader()) {
            for (Path file : files) {
                if (dev.runner.sweep.SweepFile.isSweep(file)) {
                    exit = Math.max(exit, validateSweep(loader, file, out, err));
                    continue;
                }
                try {
                    PreparedExperiment prepared = PreparedExperiment.load(loader, file, overrides);
                    if (prepared.hasWarnings()) err.println(prepared.renderWarnings());
                    out.println(file + ": valid");
                    out.print(prepared.summary().render());
                    out.print(watchers(prepared.spec()));
                } catch (InvalidExperimentException e) {
                    err.println(e.render());
                    exit = ExitCodes.INVALID;
                }
            }
        }
        out.flush();
        err.flush();
        return exit;
    }
}
