package dev.runner.sweep.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch script run by bash as Slurm runs it: each array index reaches its own point folder. */
class SlurmJobScriptTest {
    @TempDir
    Path dir;

    private record Run(int code, String out) {
    }

    private static Run bash(Path script, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }

    @Test
    void eachArrayTaskExecsTheCommandWithItsOwnFolderAndThreads() throws Exception {
        Path sweep = dir.resolve("res ults/grid");
        List<Path> folders = List.of(sweep.resolve("aaa"), sweep.resolve("b'b"), sweep.resolve("ccc"));
        for (Path f : folders) Files.createDirectories(f);
        Path slurmDir = Files.createDirectories(sweep.resolve(".slurm"));
        SlurmJobScript files = SlurmJobScript.next(slurmDir);
        assertEquals(1, files.number());
        List<String> command = List.of("/bin/echo", "-Dx=a b", "-cp", "/r/runner.jar:/r/lib/*", "Main",
                folders.get(0).toString(), "/data dir");
        files.write(folders, command, folders.get(0).toString(), 3, "PASSIVE", List.of("--array=0-2%2",
                "--comment=it's"));
        assertEquals(2, SlurmJobScript.next(slurmDir).number());
        assertTrue(Files.isExecutable(files.script()));
        assertEquals(sweep.resolve("b'b").toRealPath(), files.links().resolve("1").toRealPath());
        assertEquals("../../ccc", Files.readSymbolicLink(files.links().resolve("2")).toString());
        assertEquals(sweep.resolve("res ults/grid/.slurm/job-1/%a/slurm-%A_%a.log".replace("res ults/grid/", ""))
                .toString(), files.outputPattern());

        Run r = bash(files.script(), Map.of("SLURM_ARRAY_TASK_ID", "1", "SLURM_ARRAY_JOB_ID", "40",
                "SLURM_JOB_ID", "42", "SLURMD_NODENAME", "n7", "OMP_NUM_THREADS", "9", "RUNNER_EXECUTOR", "local"));
        assertEquals(0, r.code(), r.out());
        assertEquals("runner: array task 40_1 (job 42) on n7, 3 thread(s): " + folders.get(1) + "\n"
                + "-Dx=a b -cp /r/runner.jar:/r/lib/* Main " + folders.get(1) + " /data dir\n", r.out());

        Run missing = bash(files.script(), Map.of("SLURM_ARRAY_TASK_ID", "3", "SLURM_ARRAY_JOB_ID", "40",
                "SLURM_JOB_ID", "43"));
        assertEquals(2, missing.code(), missing.out());
        assertEquals("runner: error: no point for array task 3 in " + files.list() + "\n", missing.out());
        String script = Files.readString(files.script());
        assertTrue(script.contains(" '--comment=it'\\''s' "), script);
    }

    @Test
    void theScriptSetsWhatTheTaskMustNotInherit() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("p"));
        SlurmJobScript files = SlurmJobScript.next(Files.createDirectories(dir.resolve(".slurm")));
        files.write(List.of(folder), List.of("/bin/sh", "-c", "env; echo folder=$1", "sh", folder.toString()),
                folder.toString(), 2, "PASSIVE", List.of());
        Run r = bash(files.script(), Map.of("SLURM_ARRAY_TASK_ID", "0", "SLURM_ARRAY_JOB_ID", "1",
                "SLURM_JOB_ID", "1"));
        assertTrue(r.out().contains("\nOMP_NUM_THREADS=2\n"), r.out());
        assertTrue(r.out().contains("\nOMP_WAIT_POLICY=PASSIVE\n"), r.out());
        assertTrue(r.out().contains("\nRUNNER_EXECUTOR=slurm\n"), r.out());
        assertTrue(r.out().endsWith("\nfolder=" + folder + "\n"), r.out());
    }

    @Test
    void aPortablePointsTaskTrainsWithThePinnedKernelsAndOneThread() throws Exception {
        Path sweep = dir.resolve("portable");
        List<Path> folders = List.of(sweep.resolve("fast"), sweep.resolve("portable"));
        for (Path f : folders) Files.createDirectories(f);
        Files.writeString(folders.get(0).resolve("config.yaml"), "name: x\n");
        Files.writeString(folders.get(1).resolve("config.yaml"), "name: x\nreproducibility: portable\n");
        SlurmJobScript files = SlurmJobScript.next(Files.createDirectories(sweep.resolve(".slurm")));
        List<String> command = List.of("/bin/sh", "-c", "echo isa=${DNNL_MAX_CPU_ISA:-none} threads=$OMP_NUM_THREADS",
                "sh", folders.get(0).toString());
        files.write(folders, command, folders.get(0).toString(), 2, "PASSIVE", List.of("--array=0-1"));
        Run fast = bash(files.script(), Map.of("SLURM_ARRAY_JOB_ID", "7", "SLURM_JOB_ID", "8",
                "SLURM_ARRAY_TASK_ID", "0"));
        Run portable = bash(files.script(), Map.of("SLURM_ARRAY_JOB_ID", "7", "SLURM_JOB_ID", "9",
                "SLURM_ARRAY_TASK_ID", "1"));
        assertEquals(0, fast.code(), fast.out());
        assertTrue(fast.out().endsWith("isa=none threads=2\n"), fast.out());
        assertEquals(0, portable.code(), portable.out());
        assertTrue(portable.out().endsWith("isa=AVX2 threads=1\n"), portable.out());
    }
}
