package dev.runner.config;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/** Which dataset, how much of it, and the validation hold-out. Limits are {@code null} when not set. */
public record DatasetSpec(
        @NotNull DatasetName name,
        @DecimalMin(value = "0", message = "must be in [0, 1)")
        @DecimalMax(value = "1", inclusive = false, message = "must be in [0, 1)") double validationSplit,
        @Positive(message = "must be a positive integer") Integer trainLimit,
        @Positive(message = "must be a positive integer") Integer validationLimit,
        @Positive(message = "must be a positive integer") Integer testLimit) {
}
