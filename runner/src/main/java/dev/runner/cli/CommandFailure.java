package dev.runner.cli;

/**
 * A command could not do its work for a reason its message fully states (nothing to compare, an unusable CUDA
 * device): exit 1, the message printed after {@code runner: }; the cause's stack trace only with {@code --debug}.
 */
final class CommandFailure extends Exception {
    CommandFailure(String message) {
        super(message);
    }

    CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
