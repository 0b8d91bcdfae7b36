package dev.runner.run;

import dev.runner.config.ExperimentLoader;
import dev.runner.config.ExperimentSpec;
import dev.runner.config.InvalidExperimentException;
import dev.runner.config.LoadedExperiment;
import dev.runner.model.ModelSummary;
import dev.runner.model.ShapeInference;
import java.nio.file.Path;
import java.util.List;

/**
 * An experiment ready to run: loaded with its overrides, checked, and its layer shapes inferred. A model whose shapes
 * do not fit is an invalid experiment like any other, reported with the file's warnings among its problems (a
 * warning often explains the shape error). The warnings of a valid one are the caller's to show, before anything runs.
 */
public record PreparedExperiment(LoadedExperiment experiment, ModelSummary summary) {

    public static PreparedExperiment load(Path file, List<String> overrides) throws InvalidExperimentException {
        try (ExperimentLoader loader = new ExperimentLoader()) {
            return load(loader, file, overrides);
        }
    }

    /** With a loader the caller keeps open across several files. */
    public static PreparedExperiment load(ExperimentLoader loader, Path file, List<String> overrides)
            throws InvalidExperimentException {
        return of(loader.load(file, overrides));
    }

    /** Shapes inferred for an experiment already loaded (a sweep point, a parsed text). */
    public static PreparedExperiment of(LoadedExperiment experiment) throws InvalidExperimentException {
        try {
            ModelSummary summary = new ShapeInference().infer(experiment);
            MemoryCheck.check(experiment, summary, MemoryCheck.Limits.current());
            return new PreparedExperiment(experiment, summary);
        } catch (InvalidExperimentException e) {
            throw e.withWarnings(experiment.warnings());
        }
    }

    public ExperimentSpec spec() {
        return experiment.spec();
    }

    public boolean hasWarnings() {
        return !experiment.warnings().isEmpty();
    }

    public String renderWarnings() {
        return experiment.renderWarnings();
    }
}
