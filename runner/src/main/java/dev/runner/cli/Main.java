package dev.runner.cli;

/** The {@code bin/runner} entry point. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(RunnerCommand.commandLine().execute(args));
    }
}
