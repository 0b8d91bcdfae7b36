package dev.runner.sweep.slurm;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real Slurm cluster the {@code slurm}-tagged tests submit to: the one of {@code SLURM_CONF} (scripts/slurm-local
 * starts one on this machine and prints it). Without one, those tests are skipped and say why; they never fake Slurm.
 */
public final class SlurmCluster {
    private SlurmCluster() {
    }

    public static void assumeAvailable() {
        assumeTrue(SlurmQueue.onPath("sbatch").isPresent(), "no Slurm cluster for the slurm-tagged tests: sbatch is "
                + "not on the PATH (scripts/slurm-local start installs and starts a one-node cluster)");
        String conf = System.getenv("SLURM_CONF");
        assumeTrue(conf != null && !conf.isBlank(), "no Slurm cluster for the slurm-tagged tests: SLURM_CONF is "
                + "unset (scripts/slurm-local start, then . /tmp/runner-slurm-local/env)");
    }
}
