package dev.runner.sweep.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The parsing of Slurm's output, on lines Slurm 22.05 printed on the one-node cluster (notes/slurm-findings.md). */
class SlurmQueueTest {
    @Test
    void squeueLinesBecomeTasksByIndex() {
        Map<Integer, SlurmQueue.Task> tasks = SlurmQueue.parseTasks("""
                1|PENDING|JobArrayTaskLimit|/tmp/sxe/s.sh
                2|PENDING|JobArrayTaskLimit|/tmp/sxe/s.sh
                0|RUNNING|None|/tmp/sxe/s.sh
                3|TIMEOUT|TimeLimit|/tmp/a b/s.sh
                """);
        assertEquals(List.of(1, 2, 0, 3), List.copyOf(tasks.keySet()));
        assertEquals(new SlurmQueue.Task(0, "RUNNING", "None", "/tmp/sxe/s.sh"), tasks.get(0));
        assertEquals("/tmp/a b/s.sh", tasks.get(3).script());
        assertTrue(tasks.get(1).active());
        assertTrue(tasks.get(0).active());
        assertFalse(tasks.get(3).active());
        assertEquals(Map.of(), SlurmQueue.parseTasks(""));
    }

    @Test
    void parsableJobIdsWithAndWithoutACluster() {
        assertEquals(Optional.of("5"), SlurmQueue.parseJobId("5\n"));
        assertEquals(Optional.of("123456"), SlurmQueue.parseJobId("123456;cluster2\n"));
        assertEquals(Optional.empty(), SlurmQueue.parseJobId("Submitted batch job 5\n"));
    }

    @Test
    void sbatchMessagesLoseTheirPrefixesAndRepeats() {
        assertEquals("invalid partition specified: gpu; allocation failure: Invalid partition name specified",
                SlurmQueue.clean("sbatch: error: invalid partition specified: gpu\n"
                        + "allocation failure: Invalid partition name specified\n"));
        assertEquals("Invalid --time specification", SlurmQueue.clean("sbatch: error: Invalid --time specification\n"));
    }

    @Test
    void theEndingSlurmWritesIntoATaskLog() {
        assertEquals(Optional.of("TIMEOUT"), SlurmStates.fromLog("epoch 1\nslurmstepd-vm: error: *** JOB 6 ON vm "
                + "CANCELLED AT 2026-11-29T22:36:48 DUE TO TIME LIMIT ***\n"));
        assertEquals(Optional.of("CANCELLED"), SlurmStates.fromLog(
                "slurmstepd-vm: error: *** JOB 9 ON vm CANCELLED AT 2026-11-29T22:36:56 ***"));
        assertEquals(Optional.of("NODE_FAIL"), SlurmStates.fromLog(
                "slurmstepd: error: *** JOB 12 ON n3 CANCELLED AT 2026-11-29T22:36:56 DUE TO NODE FAILURE ***"));
        assertEquals(Optional.of("PREEMPTED"), SlurmStates.fromLog(
                "slurmstepd: error: *** JOB 12 ON n3 CANCELLED AT 2026-11-29T22:36:56 DUE TO PREEMPTION ***"));
        assertEquals(Optional.of("OUT_OF_MEMORY"), SlurmStates.fromLog(
                "slurmstepd: error: Detected 1 oom-kill event(s) in StepId=12.batch."));
        assertEquals(Optional.empty(), SlurmStates.fromLog("runner: error: training failed: NaN loss\n"));
    }
}
