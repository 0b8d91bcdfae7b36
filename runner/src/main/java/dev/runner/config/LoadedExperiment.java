package dev.runner.config;

import dev.runner.config.tree.Problem;
import dev.runner.config.tree.SourceMap;
import dev.runner.config.tree.SourceText;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A valid experiment with what is needed to point later problems into its file, and the warnings found while
 * loading it (legal settings that are probably not what was meant), which commands print before they go on.
 */
public record LoadedExperiment(ExperimentSpec spec, SourceMap sources, SourceText text, List<Problem> warnings) {

    public LoadedExperiment {
        warnings = List.copyOf(warnings);
    }

    public LoadedExperiment(ExperimentSpec spec, SourceMap sources, SourceText text) {
        this(spec, sources, text, List.of());
    }

    /** A problem found after loading (a shape that does not fit, say), rendered against this file. */
    public InvalidExperimentException problemAt(String path, String message) {
        return new InvalidExperimentException(List.of(new Problem(sources.at(path), message)), text);
    }

    /** Each warning as {@code FILE:LINE:COL: warning: message} with the line and a caret; "" when there are none. */
    public String renderWarnings() {
        return warnings.stream().map(w -> w.renderWarning(text)).collect(Collectors.joining("\n"));
    }
}
