package dev.runner.report;

import dev.runner.data.ImageTransform;
import dev.runner.data.TransformPipeline;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Maps pixel values as the network sees them back to [0, 1] for display. The normalize steps of a pipeline compose
 * to one affine map {@code v' = scale·v + shift}; its inverse gives back the loaded pixel values (rotation moves
 * pixels but does not change their values, and its fill lands in the same space as the pixels around it; so do
 * crop, flip, affine and erasing, whose fill or value is mapped back like any pixel after the steps before it).
 */
public record PixelDisplay(double scale, double shift) {
    public static final PixelDisplay IDENTITY = new PixelDisplay(1, 0);

    public static PixelDisplay of(TransformPipeline pipeline) {
        double scale = 1;
        double shift = 0;
        if (pipeline != null) {
            for (ImageTransform t : pipeline.steps()) {
                if (t instanceof ImageTransform.Normalize n) {
                    scale /= n.std();
                    shift = (shift - n.mean()) / n.std();
                }
            }
        }
        return new PixelDisplay(scale, shift);
    }

    /** The displayable value in [0, 1] of one network-space pixel value. */
    public double toUnit(double v) {
        double x = (v - shift) / scale;
        return x < 0 ? 0 : x > 1 ? 1 : x;
    }

    /** A display copy of {@code image}: every value mapped back to [0, 1]. */
    public float[] toUnit(float[] image) {
        float[] out = new float[image.length];
        for (int i = 0; i < image.length; i++) out[i] = (float) toUnit(image[i]);
        return out;
    }

    /** The pipeline in words, e.g. "random_rotation(±25°, fill 0) → normalize(mean 0.2860, std 0.3530)". */
    public static String describe(TransformPipeline pipeline) {
        if (pipeline == null || pipeline.isEmpty()) return "none";
        return pipeline.steps().stream().map(t -> {
            if (t instanceof ImageTransform.Normalize n) {
                return String.format(Locale.ROOT, "normalize(mean %.4f, std %.4f)", n.mean(), n.std());
            }
            if (t instanceof ImageTransform.RandomCrop c) {
                return String.format(Locale.ROOT, "random_crop(%d, padding %d, fill %s)", c.size(), c.padding(),
                        plain(c.fill()));
            }
            if (t instanceof ImageTransform.RandomHorizontalFlip f) {
                return "random_horizontal_flip(p " + plain(f.p()) + ")";
            }
            if (t instanceof ImageTransform.RandomErasing e) {
                return String.format(Locale.ROOT, "random_erasing(p %s, scale %s–%s, ratio %s–%s, value %s)",
                        plain(e.p()), plain(e.scaleMin()), plain(e.scaleMax()), plain(e.ratioMin()),
                        plain(e.ratioMax()), plain(e.value()));
            }
            if (t instanceof ImageTransform.RandomAffine a) {
                return String.format(Locale.ROOT, "random_affine(±%s°, translate %s×%s, scale %s–%s, fill %s)",
                        plain(a.degrees()), plain(a.translateX()), plain(a.translateY()), plain(a.scaleMin()),
                        plain(a.scaleMax()), plain(a.fill()));
            }
            ImageTransform.RandomRotation r = (ImageTransform.RandomRotation) t;
            return String.format(Locale.ROOT, "random_rotation(±%s°, fill %s)", plain(r.degrees()), plain(r.fill()));
        }).collect(Collectors.joining(" → "));
    }

    private static String plain(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
