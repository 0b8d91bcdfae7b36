package dev.runner.sweep.slurm;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Slurm's job states as squeue prints them, and the ending Slurm writes into a task's log when it stops it. */
final class SlurmStates {
    /** States in which a task may still start or run (squeue's long names). */
    static final List<String> ACTIVE = List.of("PENDING", "CONFIGURING", "RUNNING", "COMPLETING", "SUSPENDED",
            "REQUEUED", "REQUEUE_FED", "REQUEUE_HOLD", "RESIZING", "SIGNALING", "STAGE_OUT", "STOPPED",
            "RESV_DEL_HOLD");

    /**
     * {@code slurmstepd[-NODE]: error: *** JOB 6 ON vm CANCELLED AT 2026-11-29T22:36:48 DUE TO TIME LIMIT ***}; the
     * reason part is missing when a user cancelled the job.
     */
    private static final Pattern CANCELLED = Pattern.compile(
            "\\*\\*\\* (?:JOB|STEP) \\S+ ON \\S+ CANCELLED AT (\\S+)(?: DUE TO ([A-Z ]+?))? \\*\\*\\*");

    private SlurmStates() {
    }

    /** The state Slurm's own line in a task's log stands for (TIMEOUT, CANCELLED, NODE_FAIL...), if there is one. */
    static Optional<String> fromLog(String log) {
        Matcher m = CANCELLED.matcher(log);
        String state = null;
        while (m.find()) { // the last one: a step line may precede the job's
            String reason = m.group(2);
            if (reason == null) state = "CANCELLED";
            else if (reason.equals("TIME LIMIT")) state = "TIMEOUT";
            else if (reason.equals("NODE FAILURE")) state = "NODE_FAIL";
            else if (reason.equals("PREEMPTION")) state = "PREEMPTED";
            else if (reason.equals("JOB REQUEUE")) state = "REQUEUED";
            else state = "CANCELLED (" + reason.toLowerCase(java.util.Locale.ROOT) + ")";
        }
        if (state == null && log.contains("oom-kill")) state = "OUT_OF_MEMORY";
        return Optional.ofNullable(state);
    }
}
