package dev.runner.cli;

/**
 * A usage error found after the command line parsed (an option that does not fit the file, a path that is not
 * there): exit 2, its message printed after {@code runner: }, without picocli's "Try --help" line.
 */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
