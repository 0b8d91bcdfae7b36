package dev.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.config.InvalidExperimentException;
import dev.runner.config.tree.Position;
import dev.runner.config.tree.Problem;
import dev.runner.data.DataException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one mapping from exceptions to exit codes and messages, and the one {@code --debug}. */
class ErrorReportingTest {

    /** A command that fails as it is told to, with the runner's {@code --debug}. */
    @Command(name = "fail")
    static final class Failing implements Callable<Integer> {
        private final Exception failure;

        @CommandLine.Mixin
        DebugOption debug = new DebugOption();

        Failing(Exception failure) {
            this.failure = failure;
        }

        @Override
        public Integer call() throws Exception {
            throw failure;
        }
    }

    private static CliRun run(Exception failure, String... args) {
        CommandLine cl = new CommandLine(new Failing(failure));
        ErrorReporting.install(cl);
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        return new CliRun(cl.execute(args), "", err.toString().replace("\r\n", "\n"));
    }

    @Test
    void invalidExperimentsAndUsageAreTwoAnythingElseOne() {
        ErrorReporting mapping = new ErrorReporting();
        InvalidExperimentException invalid = new InvalidExperimentException(new Problem(new Position("x.yaml", 3, 5),
                "epochs must be a positive integer, got 0"));
        assertEquals(2, mapping.getExitCode(invalid));
        assertEquals(2, mapping.getExitCode(new UsageException("--workers must be at least 1, got 0")));
        assertEquals(2, mapping.getExitCode(new CommandLine.ParameterException(new CommandLine(new Failing(null)),
                "Unknown option: '--x'")));
        assertEquals(1, mapping.getExitCode(new DataException("truncated")));
        assertEquals(1, mapping.getExitCode(new CommandFailure("no completed run found in results")));
        assertEquals(1, mapping.getExitCode(new IOException("disk full")));
        assertEquals(1, mapping.getExitCode(new OutOfMemoryError()));
    }

    @Test
    void anInvalidExperimentIsItsRenderedProblems() {
        CliRun run = run(new InvalidExperimentException(new Problem(new Position("x.yaml", 3, 5),
                "epochs must be a positive integer, got 0")));
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("x.yaml:3:5: epochs must be a positive integer, got 0"), run.err());
    }

    @Test
    void anUnexpectedFailureIsOneLineAndAHintWithoutDebug() {
        CliRun run = run(new IllegalStateException("boom"));
        assertEquals(1, run.exitCode());
        assertEquals("runner: error: boom\n(run with --debug for the stack trace)\n", run.err());
    }

    @Test
    void debugShowsTheStackTrace() {
        CliRun run = run(new IllegalStateException("boom"), "--debug");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("runner: error: boom\njava.lang.IllegalStateException: boom\n\tat "),
                run.err());
    }

    /** Every command that runs something takes --debug, the same one, found where the runner's commands put it. */
    @Test
    void debugIsOneMixinInEveryCommandThatRuns() {
        CommandLine top = RunnerCommand.commandLine();
        top.parseArgs("x.yaml", "--debug");
        assertTrue(DebugOption.given(top.getCommandSpec()), "runner FILE --debug");
        for (String command : new String[] {"run", "sweep", "compare", "reproduce"}) {
            CommandLine cl = RunnerCommand.commandLine();
            String[] args = command.equals("compare") || command.equals("reproduce")
                    ? new String[] {command, "--debug"} : new String[] {command, "x.yaml", "--debug"};
            cl.parseArgs(args);
            CommandLine sub = cl.getSubcommands().get(command);
            assertTrue(DebugOption.given(sub.getCommandSpec()), command);
            CommandLine plain = RunnerCommand.commandLine();
            plain.parseArgs(args[0], args.length == 3 ? args[1] : "results");
            assertTrue(!DebugOption.given(plain.getSubcommands().get(command).getCommandSpec()), command);
        }
    }

    @Test
    void anExpectedFailureSaysWhatHappenedWithoutAHint() {
        CliRun data = run(new DataException("data/mnist/train-labels-idx1-ubyte: truncated"));
        assertEquals(1, data.exitCode());
        assertEquals("runner: error: data/mnist/train-labels-idx1-ubyte: truncated\n", data.err());

        CliRun usage = run(new UsageException("--workers must be at least 1, got 0"));
        assertEquals(2, usage.exitCode());
        assertEquals("runner: --workers must be at least 1, got 0\n", usage.err());

        CliRun failure = run(new CommandFailure("no completed run found in results", new IOException("cause")),
                "--debug");
        assertEquals(1, failure.exitCode());
        assertTrue(failure.err().startsWith("runner: no completed run found in results\njava.io.IOException: cause\n"),
                failure.err());
    }
}
