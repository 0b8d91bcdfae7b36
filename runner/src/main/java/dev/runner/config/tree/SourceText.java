package dev.runner.config.tree;

import java.util.ArrayList;
import java.util.List;

/**
 * The text of an experiment file, kept so that problems can quote the line they point at; with the texts of the
 * files it {@code extends}, so a problem in a base file quotes the base file's line.
 */
public record SourceText(String name, List<String> lines, List<SourceText> included) {

    public SourceText {
        included = List.copyOf(included);
    }

    public SourceText(String name, List<String> lines) {
        this(name, lines, List.of());
    }

    public static SourceText of(String name, String text) {
        return new SourceText(name, List.of(text.split("\r?\n", -1)));
    }

    public String line(int oneBased) {
        return oneBased >= 1 && oneBased <= lines.size() ? lines.get(oneBased - 1) : null;
    }

    /** This text with {@code base} (a file it extends) among the texts positions may point into. */
    public SourceText including(SourceText base) {
        List<SourceText> all = new ArrayList<>(included);
        all.add(base);
        return new SourceText(name, lines, all);
    }

    /** The text called {@code source}: this one or an included one; null when none is. */
    public SourceText forSource(String source) {
        if (name.equals(source)) return this;
        for (SourceText t : included) {
            SourceText found = t.forSource(source);
            if (found != null) return found;
        }
        return null;
    }
}
