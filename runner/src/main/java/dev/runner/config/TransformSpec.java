package dev.runner.config;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;

/** One image transform. */
public sealed interface TransformSpec {

    /** {@code (x - mean) / std} with fixed statistics. */
    record Normalize(double mean, @Positive(message = "must be a positive number") double std)
            implements TransformSpec {
    }

    /** {@code normalize: auto}: mean and standard deviation of the training split, computed before training. */
    record NormalizeAuto() implements TransformSpec {
    }

    /** A rotation by an angle drawn uniformly from [-degrees, degrees], nearest-pixel, as torchvision's default. */
    record RandomRotation(
            @DecimalMin(value = "0", message = "must be in [0, 180]")
            @DecimalMax(value = "180", message = "must be in [0, 180]") double degrees,
            double fill) implements TransformSpec {
    }
}
