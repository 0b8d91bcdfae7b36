package dev.runner.cli;

import dev.runner.config.ExperimentSpec;
import dev.runner.data.LoadedDataset;
import dev.runner.results.RunLayout;
import dev.runner.run.CudaPreflight;
import dev.runner.run.Datasets;
import dev.runner.run.ExperimentRun;
import dev.runner.run.Resumption;
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

/**
 * {@code runner resume RUN}: an interrupted run goes on in its own folder from the last epoch it completed, to the
 * parameters and metrics it would have had uninterrupted. A folder that cannot be resumed (completed, no saved
 * state, a damaged one, a config edited since) is refused with exit 2: like an invalid experiment, the input the
 * command was given cannot be used, and nothing ran. A failure while the resumed run trains is exit 1.
 */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {"Continue an interrupted run in its folder from its last completed epoch.",
                "The run ends with the same parameters and metrics as had it never stopped; run.json records "
                        + "resumed_from_epoch."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:success",
                "1:failure while running (data, backend, training, output)",
                "2:the folder cannot be resumed (completed, no or damaged saved state, config edited), or usage"})
final class ResumeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "The run's folder, results/<name>/<run-id>.")
    Path run;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the IDX files are. Default: $RUNNER_DATA_DIR, else data/ in the runner's checkout.")
    Path dataDir;

    @CommandLine.Mixin
    DebugOption debug = new DebugOption();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Resumption resumption;
        try {
            resumption = Resumption.open(run);
        } catch (Resumption.NotResumableException e) {
            throw new UsageException("cannot resume: " + e.getMessage());
        }
        Optional<String> unusable = CudaPreflight.problemHere();
        if (unusable.isPresent()) throw new CommandFailure("error: " + unusable.get());
        ExperimentSpec experimentSpec = resumption.experiment().spec();
        LoadedDataset dataset = new Datasets(ExperimentOptions.resolveDataDir(dataDir), RunnerCommand.runnerHome(),
                err).load(experimentSpec.dataset().name());
        out.printf(Locale.ROOT, "%s: resuming %s after epoch %d of %d%n", experimentSpec.name(),
                resumption.directory().path(), resumption.saved().epoch(), experimentSpec.training().epochs());
        out.flush();
        ExperimentRun.Result result;
        try {
            result = new ExperimentRun().resume(resumption, dataset,
                    List.of(ExperimentRun.console(out, System.console() != null ? System.err : null)));
        } catch (ExperimentRun.ResumeStateException e) {
            throw new UsageException("cannot resume: " + e.getMessage());
        }
        EpochMetrics last = result.outcome().last();
        out.printf(Locale.ROOT, "test accuracy %.4f after %d epochs; params_sha256 %s%n", last.testAccuracy(),
                last.epoch(), result.paramsSha256().substring(0, 16));
        out.println("report: " + result.directory().file(RunLayout.REPORT));
        out.println("results: " + result.directory().path());
        out.flush();
        return ExitCodes.OK;
    }
}
