package dev.runner.cli;

import dev.runner.sweep.SweepExecutor;
import dev.runner.sweep.SweepPlan;
import dev.runner.sweep.SweepRunner;
import java.io.IOException;
import java.io.PrintWriter;

/** Trains a plan's points through an executor, for the commands that run plans: a sweep and a reproduction. */
final class PlanExecution {
    private PlanExecution() {
    }

    /**
     * Runs the plan, stopping its points when this JVM is stopped (Ctrl-C): local children are killed, a Slurm array
     * is cancelled. A Slurm command that fails is a failure of the command (exit 1) with Slurm's words.
     */
    static SweepRunner.Summary run(SweepExecutor runner, SweepPlan plan, SweepRunner.Options options,
                                   PrintWriter out) throws IOException, CommandFailure {
        Thread hook = new Thread(runner::abort, "plan-abort");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return runner.run(plan, options, out);
        } catch (IOException e) {
            if (runner instanceof SweepRunner) throw e;
            throw new CommandFailure("error: " + e.getMessage(), e);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: the plan was interrupted
            }
        }
    }

    /**
     * Says which points failed and how many were not run; true when every point finished.
     *
     * @param noun  what a point is to the user: "point", "run"
     * @param again how to finish the rest: "run the sweep again"
     */
    static boolean reportUnfinished(SweepRunner.Summary summary, PrintWriter err, String noun, String again) {
        if (!summary.failures().isEmpty()) {
            err.println("runner: " + summary.failures().size() + " " + noun + "(s) failed (they rerun next time):");
            summary.failures().forEach(f -> err.println("  " + f));
        }
        if (summary.interrupted() > 0) {
            err.println("runner: " + summary.interrupted() + " " + noun + "(s) not run or interrupted; " + again
                    + " to finish it");
        }
        err.flush();
        return summary.failures().isEmpty() && summary.interrupted() == 0;
    }
}
