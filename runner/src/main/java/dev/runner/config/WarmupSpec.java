package dev.runner.config;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;

/**
 * A linear warm-up over the first {@code epochs} epochs: the rate of epoch index e (from 0) is multiplied by
 * {@code start_factor + (1 − start_factor)·min(e, epochs)/epochs}, the factor of
 * {@code LinearLR(start_factor, end_factor=1.0, total_iters=epochs)}; with a schedule kind, the two factors
 * multiply, as {@code LambdaLR} with their product.
 */
public record WarmupSpec(@Positive(message = "must be a positive whole number") int epochs,
                         @DecimalMin(value = "0", inclusive = false, message = "must be in (0, 1]")
                         @DecimalMax(value = "1", message = "must be in (0, 1]") double startFactor) {
    /** {@code LinearLR}'s default. */
    public static final double DEFAULT_START_FACTOR = 1.0 / 3;
}
