package dev.runner.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * One experiment, fully resolved: every default filled in, every override applied. Immutable. {@code schedule} is
 * {@link LearningRateSpec#CONSTANT} without a {@code schedule:} section. {@code checkpoint},
 * {@code earlyStopping} and {@code reference} are null when the file has no such section.
 * {@code reproducibility} says what the run's hash is promised to repeat on.
 */
public record ExperimentSpec(
        @NotNull @Pattern(regexp = "[a-z0-9][a-z0-9_-]*",
                message = "must be lower-case letters, digits, '_' or '-', starting with a letter or digit")
        @Size(max = MAX_NAME_LENGTH, message = "must be at most " + MAX_NAME_LENGTH + " characters (it names the "
                + "results folder)") String name,
        String description,
        long seed,
        @NotNull @Valid DatasetSpec dataset,
        @NotNull @Valid TransformsSpec transforms,
        @NotNull @Valid ModelSpec model,
        @NotNull @Valid LossSpec loss,
        @NotNull @Valid OptimizerSpec optimizer,
        @NotNull @Valid LearningRateSpec schedule,
        @NotNull @Valid TrainingSpec training,
        @NotNull List<@Valid EvaluationSetSpec> evaluation,
        @Valid CheckpointSpec checkpoint,
        @Valid EarlyStoppingSpec earlyStopping,
        ReferenceSpec reference,
        @NotNull Reproducibility reproducibility) {

    /** Long enough for any real name, short enough that the results folder can always be made. */
    public static final int MAX_NAME_LENGTH = 100;

    public ExperimentSpec {
        evaluation = List.copyOf(evaluation);
    }

    /** An experiment in {@link Reproducibility#FAST} mode, the default. */
    public ExperimentSpec(String name, String description, long seed, DatasetSpec dataset, TransformsSpec transforms,
                          ModelSpec model, LossSpec loss, OptimizerSpec optimizer, LearningRateSpec schedule,
                          TrainingSpec training, List<EvaluationSetSpec> evaluation, CheckpointSpec checkpoint,
                          EarlyStoppingSpec earlyStopping, ReferenceSpec reference) {
        this(name, description, seed, dataset, transforms, model, loss, optimizer, schedule, training, evaluation,
                checkpoint, earlyStopping, reference, Defaults.REPRODUCIBILITY);
    }
}
