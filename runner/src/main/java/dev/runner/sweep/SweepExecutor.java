package dev.runner.sweep;

import java.io.IOException;
import java.io.PrintWriter;

/**
 * Where a sweep's points are trained: {@link SweepRunner}'s child JVMs on this machine (the default), or a cluster's
 * batch system. Either way each point is the same {@link PointMain} JVM writing the same point folder, so resume, the
 * leaderboard and {@code params_sha256} do not depend on the executor.
 */
public interface SweepExecutor {
    /** Trains the plan's points that are not done into {@code <out>/<sweep-name>/}, or hands them over to do so. */
    SweepRunner.Summary run(SweepPlan plan, SweepRunner.Options options, PrintWriter out) throws IOException;

    /** Stops the sweep (Ctrl-C, fail-fast): no new point starts, running ones are stopped and rerun next time. */
    void abort();
}
