package dev.runner.cli;

/** The runner's exit codes; each command's {@code --help} lists them. */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int INVALID = 2;

    private ExitCodes() {
    }
}
