package dev.runner.config.tree;

import java.util.List;

/**
 * A YAML file (or a {@code --set} assignment) that cannot become a tree at all: unreadable, not YAML, an
 * {@code extends} that leads nowhere. Building the tree stops at these; the experiment layer reports them as its own.
 */
public final class TreeException extends Exception {
    private final List<Problem> problems;
    private final SourceText text;

    public TreeException(List<Problem> problems, SourceText text) {
        super(problems.size() + " problem(s)");
        this.problems = List.copyOf(problems);
        this.text = text;
    }

    public TreeException(Problem problem) {
        this(List.of(problem), null);
    }

    public List<Problem> problems() {
        return problems;
    }

    /** The text the problems point into, for quoting their lines; null when there is none. */
    public SourceText text() {
        return text;
    }

    @Override
    public String getMessage() {
        return String.join("\n", problems.stream().map(p -> p.render(text)).toList());
    }
}
