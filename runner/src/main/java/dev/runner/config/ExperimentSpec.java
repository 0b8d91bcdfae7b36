package dev.runner.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** One experiment, fully resolved: every default filled in, every override applied. Immutable. */
public record ExperimentSpec(
        @NotNull @Pattern(regexp = "[a-z0-9][a-z0-9_-]*",
                message = "must be lower-case letters, digits, '_' or '-', starting with a letter or digit") String name,
        String description,
        long seed,
        @NotNull @Valid DatasetSpec dataset,
        @NotNull @Valid TransformsSpec transforms,
        @NotNull @Valid ModelSpec model,
        @NotNull LossKind loss,
        @NotNull @Valid OptimizerSpec optimizer,
        @NotNull @Valid TrainingSpec training,
        ReferenceSpec reference) {

    /** An experiment without a {@code reference:} block. */
    public ExperimentSpec(String name, String description, long seed, DatasetSpec dataset, TransformsSpec transforms,
                          ModelSpec model, LossKind loss, OptimizerSpec optimizer, TrainingSpec training) {
        this(name, description, seed, dataset, transforms, model, loss, optimizer, training, null);
    }
}
