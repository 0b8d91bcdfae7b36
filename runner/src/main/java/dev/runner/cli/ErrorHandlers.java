package dev.runner.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** One clear line per error; a stack trace only with {@code --debug}. */
final class ErrorHandlers {
    private ErrorHandlers() {
    }

    static final class Usage implements CommandLine.IParameterExceptionHandler {
        @Override
        public int handleParseException(ParameterException ex, String[] args) {
            CommandLine cl = ex.getCommandLine();
            PrintWriter err = cl.getErr();
            err.println("runner: " + ex.getMessage());
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
                err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for usage.");
            }
            err.flush();
            return ExitCodes.INVALID;
        }
    }

    static final class Failure implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
            PrintWriter err = cl.getErr();
            err.println("runner: error: " + (ex.getMessage() == null ? ex.getClass().getSimpleName()
                    : ex.getMessage()));
            if (debug(parsed)) ex.printStackTrace(err);
            else err.println("(run with --debug for the stack trace)");
            err.flush();
            return ExitCodes.FAILURE;
        }

        private static boolean debug(ParseResult parsed) {
            for (ParseResult p = parsed; p != null; p = p.subcommand()) {
                if (p.hasMatchedOption("--debug")) return true;
            }
            return false;
        }
    }
}
