package dev.runner.config.tree;

/**
 * Where a value came from: a file with a 1-based line and column, or a command-line override.
 * Every problem a user sees is reported against one of these.
 */
public record Position(String source, int line, int column) {

    /** A value given on the command line by {@code --set}; it has no line or column. */
    public static Position override(String assignment) {
        return new Position("--set " + assignment, 0, 0);
    }

    public boolean inFile() {
        return line > 0;
    }

    @Override
    public String toString() {
        return inFile() ? source + ":" + line + ":" + column : source;
    }
}
