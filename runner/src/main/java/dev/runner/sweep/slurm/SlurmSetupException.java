package dev.runner.sweep.slurm;

/**
 * The job cannot be submitted as asked: no {@code sbatch}, no controller, options Slurm refuses, folders the nodes
 * could not use. Nothing was submitted; the command line or the setup must change (exit code 2).
 */
public final class SlurmSetupException extends Exception {
    public SlurmSetupException(String message) {
        super(message);
    }
}
