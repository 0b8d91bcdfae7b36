package dev.runner.cli;

import dev.runner.run.PortableMode;

/** The {@code bin/runner} entry point. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        PortableMode.watchParent();
        System.exit(RunnerCommand.commandLine().execute(args));
    }
}
