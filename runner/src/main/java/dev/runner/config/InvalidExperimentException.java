package dev.runner.config;

import dev.runner.config.tree.Problem;
import dev.runner.config.tree.SourceText;
import dev.runner.config.tree.TreeException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Every problem found in one experiment (the file and its overrides), reported together. */
public final class InvalidExperimentException extends Exception {
    private final List<Problem> problems;
    private final List<Problem> warnings;
    private final SourceText text;

    public InvalidExperimentException(List<Problem> problems, SourceText text) {
        this(problems, List.of(), text);
    }

    private InvalidExperimentException(List<Problem> problems, List<Problem> warnings, SourceText text) {
        super(problems.size() + " problem(s)");
        this.problems = List.copyOf(problems);
        this.warnings = List.copyOf(warnings);
        this.text = text;
    }

    public InvalidExperimentException(Problem problem) {
        this(List.of(problem), null);
    }

    /** A file or override that did not even become a YAML tree: the experiment is invalid for the same reasons. */
    public InvalidExperimentException(TreeException cause) {
        this(cause.problems(), cause.text());
    }

    public List<Problem> problems() {
        return problems;
    }

    /** Legal but doubtful settings of the same experiment; they do not make it invalid. */
    public List<Problem> warnings() {
        return warnings;
    }

    /** The same problems, rendered among the experiment's warnings, as a compiler lists both in file order. */
    public InvalidExperimentException withWarnings(List<Problem> moreWarnings) {
        List<Problem> all = new ArrayList<>(warnings);
        all.addAll(moreWarnings);
        return new InvalidExperimentException(problems, all, text);
    }

    /**
     * All problems, one block each, in the order of the file; warnings, marked as such, go among them by position.
     * The problems' own order is kept (it is already the file's), warnings are merged into it.
     */
    public String render() {
        List<String> blocks = new ArrayList<>();
        List<Problem> pending = new ArrayList<>(warnings);
        pending.sort(BY_POSITION);
        int w = 0;
        int shown = Math.min(problems.size(), MAX_SHOWN);
        for (Problem p : problems.subList(0, shown)) {
            while (w < pending.size() && BY_POSITION.compare(pending.get(w), p) < 0) {
                blocks.add(pending.get(w++).renderWarning(text));
            }
            blocks.add(p.render(text));
        }
        if (shown < problems.size()) {
            // A generated or mangled file can have thousands of mistakes; the first ones are what to fix first.
            int more = problems.size() - shown;
            int moreWarnings = pending.size() - w;
            String source = text != null ? text.name() : problems.get(shown).at().source();
            blocks.add(source + ": " + more + " more problem" + (more == 1 ? "" : "s")
                    + (moreWarnings == 0 ? "" : " and " + moreWarnings + " more warning" + (moreWarnings == 1 ? "" : "s"))
                    + " not shown; fix the " + shown + " above and validate again");
            return String.join("\n", blocks);
        }
        while (w < pending.size()) blocks.add(pending.get(w++).renderWarning(text));
        return String.join("\n", blocks);
    }

    /** Problems rendered at most; the rest are counted. */
    static final int MAX_SHOWN = 50;

    /** In the file by line and column; problems without a line (from --set, or the whole file) last. */
    static final Comparator<Problem> BY_POSITION = Comparator.comparing((Problem p) -> p.at().inFile() ? 0 : 1)
            .thenComparingInt(p -> p.at().line()).thenComparingInt(p -> p.at().column());

    @Override
    public String getMessage() {
        return render();
    }
}
