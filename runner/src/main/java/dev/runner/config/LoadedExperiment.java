package dev.runner.config;

/** A valid experiment with what is needed to point later problems into its file. */
public record LoadedExperiment(ExperimentSpec spec, SourceMap sources, SourceText text) {

    /** A problem found after loading (a shape that does not fit, say), rendered against this file. */
    public InvalidExperimentException problemAt(String path, String message) {
        return new InvalidExperimentException(java.util.List.of(new Problem(sources.at(path), message)), text);
    }
}
