package dev.runner.cli;

import dev.runner.config.ExperimentLoader;
import dev.runner.config.MonitorMode;
import dev.runner.config.InvalidExperimentException;
import dev.runner.run.PreparedExperiment;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
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
        StringBuilder s = new StringBuilder();
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
        if (spec.earlyStopping() != null) {
            var e = spec.earlyStopping();
            s.append("early stopping: after ").append(e.patience()).append(" epoch").append(e.patience() == 1 ? "" : "s")
                    .append(" without ").append(e.mode() == MonitorMode.MIN ? "a decrease" : "an increase")
                    .append(" of ").append(e.monitor())
                    .append(e.minDelta() > 0 ? " by more than " + e.minDelta() : "").append('\n');
        }
        return s.toString();
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
