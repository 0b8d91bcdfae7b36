package dev.runner.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecutionTest {
    @Test
    void aTaskOfTheRunnersJobScriptIsSlurmWithItsIds() {
        // The variables a task saw on the one-node cluster (notes/slurm-findings.md section 4).
        Execution e = Execution.fromEnvironment(Map.of("RUNNER_EXECUTOR", "slurm", "SLURM_ARRAY_JOB_ID", "1",
                "SLURM_ARRAY_TASK_ID", "0", "SLURM_JOB_ID", "2", "SLURMD_NODENAME", "vm", "PATH", "/usr/bin"));
        assertEquals(new Execution("slurm", "1", 0, "2", "vm"), e);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("executor", "slurm");
        expected.put("slurm_array_job_id", "1");
        expected.put("slurm_array_task_id", 0);
        expected.put("slurm_job_id", "2");
        expected.put("node", "vm");
        assertEquals(expected, e.toMap());
        assertEquals("1_0", e.slurmTask());
    }

    @Test
    void withoutTheRunnersMarkItIsLocalEvenInsideAnAllocation() {
        // A local sweep started in an salloc shell: its JVMs see Slurm's variables, but Slurm did not start them.
        Execution e = Execution.fromEnvironment(Map.of("SLURM_JOB_ID", "77", "SLURMD_NODENAME", "n1"));
        assertEquals(new Execution("local", null, null, "77", "n1"), e);
        assertEquals(Map.of("executor", "local"), Execution.fromEnvironment(Map.of()).toMap());
    }
}
