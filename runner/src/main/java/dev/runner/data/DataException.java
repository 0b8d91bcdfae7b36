package dev.runner.data;

/** A dataset file that is missing, truncated, corrupt or not the expected one; the message names the file. */
public final class DataException extends Exception {
    public DataException(String message) {
        super(message);
    }
}
