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

    /**
     * How many of {@code available} training images train when {@code validationSplit} of them are held out: the
     * rest of the hold-out, rounded so that a fraction written in decimal (0.1 of 60000) gives the exact count.
     */
    public static int trainingPart(int available, double validationSplit) {
        return (int) Math.floor(available * (1.0 - validationSplit) + 1e-9);
    }
}
