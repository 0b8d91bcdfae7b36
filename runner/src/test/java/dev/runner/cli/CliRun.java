package dev.runner.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One invocation of the runner's command line with its output captured, as a user would see it. The one helper every
 * test that runs the command line uses.
 */
public record CliRun(int exitCode, String out, String err) {

    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = RunnerCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        // println writes the platform's line separator; the expected texts and files use '\n'.
        return new CliRun(code, lines(out), lines(err));
    }

    private static String lines(StringWriter captured) {
        return captured.toString().replace("\r\n", "\n");
    }
}
