package dev.runner.sweep.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.sweep.SlurmOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is checked before anything is submitted, fetched or written. */
class SlurmPreflightTest {
    @TempDir
    Path dir;

    @Test
    void withoutSbatchOnThePathItSaysWhatToLoadOrInstall() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        SlurmSetupException e = assertThrows(SlurmSetupException.class,
                () -> SlurmExecutor.preflight(SlurmOptions.NONE, dir, dir, bin + ":/nonexistent"));
        assertEquals("sbatch is not on the PATH: on a cluster's login node load Slurm's module (module load slurm; "
                + "`module avail slurm` lists it), elsewhere install Slurm's client (Debian/Ubuntu: apt-get install "
                + "slurm-client); to try the Slurm executor on this machine start a one-node cluster with "
                + "scripts/slurm-local start", e.getMessage());
    }

    @Test
    void invalidOptionsAreRefusedBeforeSlurmIsAsked() {
        SlurmSetupException e = assertThrows(SlurmSetupException.class, () -> SlurmExecutor.preflight(
                new SlurmOptions(null, "2h", null, null, List.of()), dir, dir, "/nonexistent"));
        assertTrue(e.getMessage().startsWith("--slurm-time: '2h' is not a Slurm time limit"), e.getMessage());
    }

    @Test
    void pathsCommonlyLocalToANodeAreWarnedAbout() {
        assertEquals("the results folder /tmp/r is under /tmp, which is usually local to each node: the tasks must "
                + "see it at the same path (fine on a one-node cluster)",
                SlurmExecutor.nodeLocal("results folder", Path.of("/tmp/r")).orElseThrow());
        assertTrue(SlurmExecutor.nodeLocal("data folder", Path.of("/home/u/runner-data")).isEmpty());
    }

    @Test
    @Tag("slurm")
    void theControllerRefusesWhatNoNodeCouldRunBeforeAnythingIsSubmitted() throws Exception {
        SlurmCluster.assumeAvailable();
        SlurmSetupException partition = assertThrows(SlurmSetupException.class, () -> SlurmExecutor.preflight(
                new SlurmOptions("nosuchpartition", null, null, null, List.of()), dir, dir));
        assertEquals("sbatch would not accept the job: invalid partition specified: nosuchpartition; allocation "
                + "failure: Invalid partition name specified", partition.getMessage());
        // More CPUs than the node has: a real submission would pend forever (reason PartitionConfig).
        int cpus = Runtime.getRuntime().availableProcessors() + 1;
        SlurmSetupException tooMany = assertThrows(SlurmSetupException.class, () -> SlurmExecutor.preflight(
                new SlurmOptions(null, null, cpus, null, List.of()), dir, dir));
        assertEquals("sbatch would not accept the job: allocation failure: Requested node configuration is not "
                + "available", tooMany.getMessage());
        List<String> warnings = SlurmExecutor.preflight(new SlurmOptions(null, "5", 1, null, List.of()), dir, dir);
        // The results and data folders (JUnit's temporary folder) are under /tmp; so is the runner when the checkout
        // is (a CI clone may be).
        boolean runnerUnderTmp = SlurmExecutor.nodeLocal("runner",
                Path.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)[0]))
                .isPresent();
        assertEquals(runnerUnderTmp ? 3 : 2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("the results folder " + dir + " is under /tmp"), warnings.toString());
        assertTrue(warnings.get(1).startsWith("the data folder " + dir + " is under /tmp"), warnings.toString());
    }
}
