package dev.runner.config;

/**
 * What a run's {@code params_sha256} is promised to repeat on. {@code fast}: the native libraries use the best
 * instruction set of the CPU, so the hash repeats on the same machine (same backend, build and thread count) only.
 * {@code portable}: the runner pins oneDNN's instruction set and OpenBLAS's kernels to an AVX2 level and training to
 * one thread, so the hash repeats on any x86-64 CPU with AVX2, at some cost in speed.
 */
public enum Reproducibility implements Named {
    FAST("fast"),
    PORTABLE("portable");

    private final String yamlName;

    Reproducibility(String yamlName) {
        this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }
}
