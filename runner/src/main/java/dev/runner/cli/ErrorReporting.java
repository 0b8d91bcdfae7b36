package dev.runner.cli;

import dev.runner.config.InvalidExperimentException;
import dev.runner.data.DataException;
import dev.runner.run.ExperimentRun;
import dev.runner.reproduce.Reproducer;
import dev.runner.sweep.SweepPlan;
import dev.runner.util.IoErrors;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The runner's one place for errors: which exit code an exception means ({@link #getExitCode}: invalid experiment or
 * usage → 2, anything else → 1) and the one clear message it prints. A stack trace appears only with {@code --debug};
 * failures the runner expects (bad data, a failed run) say what happened without one, anything else says how to get
 * it. Commands throw; none of them handles errors itself.
 */
final class ErrorReporting implements CommandLine.IExitCodeExceptionMapper, CommandLine.IParameterExceptionHandler,
        CommandLine.IExecutionExceptionHandler {

    static void install(CommandLine cl) {
        ErrorReporting reporting = new ErrorReporting();
        cl.setExitCodeExceptionMapper(reporting);
        cl.setParameterExceptionHandler(reporting);
        cl.setExecutionExceptionHandler(reporting);
    }

    @Override
    public int getExitCode(Throwable t) {
        if (t instanceof ParameterException || t instanceof UsageException || t instanceof InvalidExperimentException
                || t instanceof SweepPlan.InvalidPointException) {
            return ExitCodes.INVALID;
        }
        if (t instanceof Reproducer.ReproductionException r && r.invalid()) return ExitCodes.INVALID;
        return ExitCodes.FAILURE;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("runner: " + ex.getMessage());
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
            err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for usage.");
        }
        err.flush();
        return getExitCode(ex);
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parsed) {
        PrintWriter err = cl.getErr();
        boolean debug = DebugOption.given(cl.getCommandSpec());
        if (ex instanceof InvalidExperimentException e) {
            err.println(e.render());
        } else if (ex instanceof SweepPlan.InvalidPointException e) {
            err.println(e.render());
        } else if (ex instanceof UsageException) {
            err.println("runner: " + ex.getMessage());
        } else if (ex instanceof Reproducer.ReproductionException e) {
            err.println(e.invalid() ? e.getMessage() : "runner: error: " + e.getMessage());
            if (debug && e.getCause() != null) e.getCause().printStackTrace(err);
        } else if (ex instanceof ExperimentRun.RunFailedException e) {
            err.println("runner: error: " + e.getMessage() + " (" + e.whereRecorded() + ")");
            if (debug) e.getCause().printStackTrace(err);
        } else if (ex instanceof CommandFailure e) {
            err.println("runner: " + e.getMessage());
            if (debug && e.getCause() != null) e.getCause().printStackTrace(err);
        } else if (ex instanceof DataException) {
            err.println("runner: error: " + ex.getMessage());
            if (debug) ex.printStackTrace(err);
        } else if (ex instanceof java.nio.file.FileSystemException fs) {
            // the JDK's message is the bare path; say what happened to it
            err.println("runner: error: " + (fs.getFile() == null ? "" : fs.getFile() + ": ") + IoErrors.reason(fs)
                    + (fs.getOtherFile() == null ? "" : " (" + fs.getOtherFile() + ")"));
            if (debug) ex.printStackTrace(err);
        } else {
            err.println("runner: error: " + (ex.getMessage() == null ? ex.getClass().getSimpleName()
                    : ex.getMessage()));
            if (debug) ex.printStackTrace(err);
            else err.println("(run with --debug for the stack trace)");
        }
        err.flush();
        return getExitCode(ex);
    }
}
