package dev.runner.archfixture.config;

import dev.runner.archfixture.run.Runs;

/** Breaks the import order on purpose (config imports run, which comes after it). */
public final class ImportsRun {
    public int runs() {
        return new Runs().count();
    }
}
