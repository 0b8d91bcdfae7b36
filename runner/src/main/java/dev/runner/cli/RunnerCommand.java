package dev.runner.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code runner FILE.yaml} runs an experiment; subcommands do the rest. */
@Command(name = "runner", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Declarative deep-learning experiments: a YAML file in, a trained network and its metrics out.",
        synopsisSubcommandLabel = "[COMMAND]",
        subcommands = {RunCommand.class, SweepCommand.class, ValidateCommand.class, CompareCommand.class,
                LeaderboardCommand.class, ReproduceCommand.class, ResumeCommand.class, EvaluateCommand.class,
                PredictCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:success",
                "1:failure while running (data, backend, training, output)", "2:invalid experiment or usage"})
public final class RunnerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @CommandLine.Mixin
    RunCommand.Arguments arguments = new RunCommand.Arguments();

    /** The command line with the runner's error handling: one message, exit 2 for usage, 1 for failures. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new RunnerCommand());
        ErrorReporting.install(cl);
        return cl;
    }

    /** The checkout the runner was started from ({@code bin/runner} passes it), or null. */
    static Path runnerHome() {
        String home = System.getProperty("runner.home");
        return home == null || home.isBlank() ? null : Path.of(home);
    }

    @Override
    public Integer call() throws Exception {
        if (arguments.file == null) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("runner: missing experiment file");
            spec.commandLine().usage(err);
            return ExitCodes.INVALID;
        }
        return new RunCommand().run(spec, arguments);
    }
}
