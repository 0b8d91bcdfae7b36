package dev.runner.config;

import java.util.List;
import java.util.stream.Collectors;

/** Every problem found in one experiment (the file and its overrides), reported together. */
public final class InvalidExperimentException extends Exception {
    private final List<Problem> problems;
    private final SourceText text;

    public InvalidExperimentException(List<Problem> problems, SourceText text) {
        super(problems.size() + " problem(s)");
        this.problems = List.copyOf(problems);
        this.text = text;
    }

    public InvalidExperimentException(Problem problem) {
        this(List.of(problem), null);
    }

    public List<Problem> problems() {
        return problems;
    }

    /** All problems, one block each, in the order of the file. */
    public String render() {
        return problems.stream().map(p -> p.render(text)).collect(Collectors.joining("\n"));
    }

    @Override
    public String getMessage() {
        return render();
    }
}
