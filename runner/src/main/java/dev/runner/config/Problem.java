package dev.runner.config;

/** One thing wrong with an experiment, tied to where it is. */
public record Problem(Position at, String message) {

    /**
     * The form compilers use, {@code FILE:LINE:COLUMN: message}, followed by the offending line and a caret under
     * the column when the source text is known.
     */
    public String render(SourceText text) {
        StringBuilder out = new StringBuilder(at.toString()).append(": ").append(message);
        if (at.inFile() && text != null) {
            String line = text.line(at.line());
            if (line != null) {
                out.append('\n').append("  ").append(line.replace('\t', ' '));
                out.append('\n').append("  ").append(" ".repeat(Math.max(0, at.column() - 1))).append('^');
            }
        }
        return out.toString();
    }
}
