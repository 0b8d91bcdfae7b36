package dev.runner.results;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a run's JVM ran, for run.json: the executor that started it ({@code local} or {@code slurm}) and, under
 * Slurm, the array job, the task's index in it, the task's own job id and the node. A Slurm job script of the runner
 * exports {@value #EXECUTOR_VARIABLE}; the ids are Slurm's own variables in the task's environment.
 */
public record Execution(String executor, String arrayJobId, Integer arrayTaskId, String jobId, String node) {
    /** Set by the runner's Slurm job script to {@code slurm}; absent, the run is local. */
    public static final String EXECUTOR_VARIABLE = "RUNNER_EXECUTOR";
    public static final String LOCAL = "local";
    public static final String SLURM = "slurm";

    /** The execution {@code env} (a process's environment) describes. */
    public static Execution fromEnvironment(Map<String, String> env) {
        String executor = SLURM.equals(env.get(EXECUTOR_VARIABLE)) ? SLURM : LOCAL;
        Integer task = null;
        String taskText = env.get("SLURM_ARRAY_TASK_ID");
        if (taskText != null && taskText.matches("\\d{1,9}")) task = Integer.parseInt(taskText);
        return new Execution(executor, blankToNull(env.get("SLURM_ARRAY_JOB_ID")), task,
                blankToNull(env.get("SLURM_JOB_ID")), blankToNull(env.get("SLURMD_NODENAME")));
    }

    /** This process's. */
    public static Execution current() {
        return fromEnvironment(System.getenv());
    }

    /**
     * As run.json writes it: {@code {"executor": "local"}}, or with the Slurm ids, {@code {"executor": "slurm",
     * "slurm_array_job_id": "12", "slurm_array_task_id": 3, "slurm_job_id": "15", "node": "node17"}}.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("executor", executor);
        if (arrayJobId != null) m.put("slurm_array_job_id", arrayJobId);
        if (arrayTaskId != null) m.put("slurm_array_task_id", arrayTaskId);
        if (jobId != null) m.put("slurm_job_id", jobId);
        if (node != null) m.put("node", node);
        return m;
    }

    /** The Slurm task as {@code squeue} and log names write it: {@code 12_3}, or the job id alone. */
    public String slurmTask() {
        if (arrayJobId != null && arrayTaskId != null) return arrayJobId + "_" + arrayTaskId;
        return jobId;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
