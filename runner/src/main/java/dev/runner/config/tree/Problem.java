package dev.runner.config.tree;

/** One thing wrong with an experiment, tied to where it is. */
public record Problem(Position at, String message) {

    /**
     * The form compilers use, {@code FILE:LINE:COLUMN: message}, followed by the offending line and a caret under
     * the column when the source text is known.
     */
    public String render(SourceText text) {
        return render(text, "");
    }

    /** As {@link #render}, marked {@code warning:}: legal, runs, but probably not what was meant. */
    public String renderWarning(SourceText text) {
        return render(text, "warning: ");
    }

    private String render(SourceText text, String label) {
        StringBuilder out = new StringBuilder(at.toString()).append(": ").append(label).append(message);
        SourceText source = text == null ? null : text.forSource(at.source());
        if (at.inFile() && source != null) {
            String line = source.line(at.line());
            // A blank line (the end of an empty file, say) quoted under the message would only add noise.
            if (line != null && !line.isBlank()) {
                out.append('\n').append("  ").append(line.replace('\t', ' '));
                out.append('\n').append("  ").append(" ".repeat(Math.max(0, at.column() - 1))).append('^');
            }
        }
        return out.toString();
    }
}
