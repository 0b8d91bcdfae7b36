package dev.runner.config;

import dev.runner.cli.RunnerCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the runner's command line as a user would, capturing what it prints. */
final class Cli {
    private Cli() {
    }

    record Result(int exit, String out, String err) {
    }

    static Result run(String... args) {
        CommandLine cl = RunnerCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        // println writes the platform's line separator; the expected files use '\n'.
        return new Result(exit, out.toString().replace("\r\n", "\n"), err.toString().replace("\r\n", "\n"));
    }
}
