package dev.runner.cli;

import dev.runner.config.ExperimentSpec;
import dev.runner.config.Reproducibility;
import dev.runner.data.LoadedDataset;
import dev.runner.results.RunLayout;
import dev.runner.run.CudaPreflight;
import dev.runner.run.Datasets;
import dev.runner.run.ExperimentRun;
import dev.runner.run.PortableMode;
import dev.runner.run.PreparedExperiment;
import dev.runner.sweep.SweepFile;
import dev.runner.train.BackendInfo;
import dev.runner.train.EpochMetrics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runner run FILE.yaml}: validate, fetch data if needed, train, write the results folder. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run one experiment and write results/<name>/<run-id>/.",
                "A sweep file (with a sweep: section) runs every point into results/<sweep-name>/<point-id>/, "
                        + "skipping points already done, and ends in a leaderboard."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:success",
                "1:failure while running (data, backend, training, output)", "2:invalid experiment or usage"})
final class RunCommand implements Callable<Integer> {

    /** The arguments of a run, shared with the top-level {@code runner FILE.yaml}. */
    static final class Arguments {
        @Parameters(index = "0", arity = "0..1", paramLabel = "FILE.yaml", description = "The experiment to run.")
        Path file;

        @CommandLine.Mixin
        ExperimentOptions experiment = new ExperimentOptions();

        @Option(names = "--out", paramLabel = "DIR",
                description = "Root of the results folders (default: results). The run goes to DIR/<name>/<run-id>/.")
        Path out = Path.of("results");

        @CommandLine.Mixin
        DebugOption debug = new DebugOption();

        @CommandLine.Mixin
        SweepOptions sweep = new SweepOptions();

        @CommandLine.Mixin
        ExecutorOptions executor = new ExecutorOptions();
    }

    @Spec
    CommandSpec spec;

    @CommandLine.Mixin
    Arguments arguments = new Arguments();

    @Override
    public Integer call() throws Exception {
        if (arguments.file == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required parameter: 'FILE.yaml'");
        }
        return run(spec, arguments);
    }

    int run(CommandSpec spec, Arguments args) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (SweepFile.isSweep(args.file)) {
            return new SweepCommand().sweep(spec, args.file, args.experiment, args.out, args.sweep, args.executor);
        }
        if (args.sweep.given()) {
            throw new UsageException("--workers, --dry-run and --fail-fast apply to sweep files (with a sweep: "
                    + "section); " + args.file + " is one experiment");
        }
        args.executor.check();
        Optional<Integer> relaunched = portable(spec, args.file, args.experiment.overrides);
        if (relaunched.isPresent()) return relaunched.get();
        PreparedExperiment prepared = PreparedExperiment.load(args.file, args.experiment.overrides);
        // Before anything runs: a warning read after ten epochs is a warning read too late.
        if (prepared.hasWarnings()) {
            err.println(prepared.renderWarnings());
            err.flush();
        }
        if (args.executor.slurm()) return SlurmRun.run(spec, args, prepared);
        Optional<String> unusable = CudaPreflight.problemHere();
        if (unusable.isPresent()) throw new CommandFailure("error: " + unusable.get());
        ExperimentSpec experimentSpec = prepared.spec();
        LoadedDataset dataset = new Datasets(args.experiment.resolvedDataDir(), RunnerCommand.runnerHome(), err)
                .load(experimentSpec.dataset().name());
        BackendInfo backend = backend();
        out.printf(Locale.ROOT, "%s: %s, %,d parameters, %s on %s%n", experimentSpec.name(),
                experimentSpec.dataset().name().yamlName(), prepared.summary().totalParameters(), backend.backend(),
                backend.device());
        out.flush();
        ExperimentRun.Result result = new ExperimentRun().execute(prepared, dataset,
                new ExperimentRun.Options(args.out, List.copyOf(args.experiment.overrides),
                        System.getProperty("runner.git.commit")),
                List.of(ExperimentRun.console(out, System.console() != null ? System.err : null)));
        EpochMetrics last = result.outcome().last();
        out.printf(Locale.ROOT, "test accuracy %.4f after %d epochs; params_sha256 %s%n", last.testAccuracy(),
                last.epoch(), result.paramsSha256().substring(0, 16));
        EpochMetrics best = result.record().best();
        if (best != null) {
            out.printf(Locale.ROOT, "best model: epoch %d by %s, test accuracy %.4f (%s)%n", best.epoch(),
                    result.record().checkpoint().monitor(), best.testAccuracy(), RunLayout.BEST_MODEL);
        }
        out.println("report: " + result.directory().file(RunLayout.REPORT));
        out.println("results: " + result.directory().path());
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * For an experiment in portable mode, the exit code of the same command run again in a JVM with the pinned
     * environment, when this one lacks it; decided on the config alone, before ND4J loads here.
     */
    static Optional<Integer> portable(CommandSpec spec, Path file, List<String> overrides) throws Exception {
        if (PortableMode.of(file, overrides).orElse(Reproducibility.FAST) != Reproducibility.PORTABLE) {
            return Optional.empty();
        }
        return relaunchPortable(spec);
    }

    /** The whole command line again in a portable JVM, unless this one is one already. */
    static Optional<Integer> relaunchPortable(CommandSpec spec) throws Exception {
        try {
            return PortableMode.ensure(Main.class.getName(),
                    spec.root().commandLine().getParseResult().originalArgs());
        } catch (PortableMode.UnavailableException e) {
            throw new CommandFailure("error: " + e.getMessage());
        }
    }

    /** Loading the backend is where a broken native install shows; say so instead of a linkage stack trace. */
    private static BackendInfo backend() throws BackendException {
        try {
            return BackendInfo.current();
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
            throw new BackendException("could not load the ND4J backend ("
                    + BackendInfo.buildProperties().getProperty("nd4j.backend", "?") + " "
                    + BackendInfo.buildProperties().getProperty("nd4j.classifier", "?") + "): " + e);
        }
    }

    static final class BackendException extends Exception {
        BackendException(String message) {
            super(message);
        }
    }
}
