package dev.runner.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * An extra evaluation set (the {@code evaluation:} section): a split seen through transforms of its own, evaluated
 * after every epoch like validation and test. Its random transforms are drawn once from a seed of its own, so the
 * images are the same every epoch and every run. Its metrics are the columns {@code <name>_loss} and
 * {@code <name>_accuracy}.
 *
 * @param transforms the transforms, in order; when the file gives none, the experiment's eval transforms
 */
public record EvaluationSetSpec(String name, @NotNull SplitName split, List<@Valid TransformSpec> transforms) {
    public EvaluationSetSpec {
        transforms = List.copyOf(transforms);
    }

    public String lossColumn() {
        return lossColumn(name);
    }

    public String accuracyColumn() {
        return accuracyColumn(name);
    }

    /** The metrics.csv (and run.json) column of the loss on the set named {@code set}. */
    public static String lossColumn(String set) {
        return set + "_loss";
    }

    /** The metrics.csv (and run.json) column of the accuracy on the set named {@code set}. */
    public static String accuracyColumn(String set) {
        return set + "_accuracy";
    }
}
