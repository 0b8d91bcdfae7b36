package dev.runner.config;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

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

    /**
     * torchvision's {@code RandomCrop(size, padding, fill=...)}: pad every side by {@code padding} pixels of
     * {@code fill}, then take a random {@code size × size} window. The window must be the image size.
     */
    record RandomCrop(@Positive(message = "must be a positive whole number") int size,
                      @PositiveOrZero(message = "must be 0 or a positive whole number") int padding,
                      double fill) implements TransformSpec {
    }

    /** torchvision's {@code RandomHorizontalFlip(p)}. */
    record RandomHorizontalFlip(
            @DecimalMin(value = "0", message = "must be in [0, 1]")
            @DecimalMax(value = "1", message = "must be in [0, 1]") double p) implements TransformSpec {
    }

    /**
     * torchvision's {@code RandomErasing(p, scale, ratio, value)} with a constant value: with probability p, a
     * rectangle of area fraction in {@code scale} and aspect ratio (height/width) in {@code ratio} set to
     * {@code value}. It acts on the values it is given, so after {@code normalize} the value is a normalized one.
     */
    record RandomErasing(
            @DecimalMin(value = "0", message = "must be in [0, 1]")
            @DecimalMax(value = "1", message = "must be in [0, 1]") double p,
            @NotNull Range scale,
            @NotNull Range ratio,
            double value) implements TransformSpec {
    }

    /**
     * torchvision's {@code RandomAffine(degrees, translate, scale, fill=...)} without shear, nearest pixel.
     * {@code translate} (fractions of width and height) and {@code scale} are null when not given.
     */
    record RandomAffine(
            @DecimalMin(value = "0", message = "must be in [0, 180]")
            @DecimalMax(value = "180", message = "must be in [0, 180]") double degrees,
            Translate translate,
            Range scale,
            double fill) implements TransformSpec {
    }

    /** A closed interval written {@code [min, max]}. */
    record Range(double min, double max) {
    }

    /** The largest shifts of {@code random_affine}, as fractions of the image width ({@code x}) and height. */
    record Translate(double x, double y) {
    }
}
