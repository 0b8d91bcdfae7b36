package dev.runner.data;

import dev.runner.config.TransformSpec;
import java.util.List;
import java.util.Random;

/** The transforms of one list, applied in order to whole sets or to single images. */
public record TransformPipeline(List<ImageTransform> steps, int height, int width) {

    public static TransformPipeline of(List<TransformSpec> specs, Statistics training, int height, int width) {
        return new TransformPipeline(ImageTransform.of(specs, (float) training.mean(), (float) training.std()), height,
                width);
    }

    public boolean isRandom() {
        return steps.stream().anyMatch(ImageTransform::isRandom);
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /** Applies the pipeline to image {@code index} of {@code pixels}, in place. */
    public void apply(float[] pixels, int index, Random random) {
        int offset = index * height * width;
        for (ImageTransform t : steps) t.apply(pixels, offset, height, width, random);
    }

    /** A transformed copy of the whole set, drawing random transforms from {@code random} in image order. */
    public ImageSet applyAll(ImageSet set, Random random) {
        if (steps.isEmpty()) return set;
        float[] copy = set.pixels().clone();
        for (int i = 0; i < set.count(); i++) apply(copy, i, random);
        return new ImageSet(copy, set.labels(), set.imageSize());
    }

    /** Mean and (unbiased, as {@code torch.std}) standard deviation of pixel values. */
    public record Statistics(double mean, double std) {
        public static Statistics of(ImageSet set) {
            float[] p = set.pixels();
            double sum = 0;
            for (float v : p) sum += v;
            double mean = sum / p.length;
            double sq = 0;
            for (float v : p) sq += (v - mean) * (v - mean);
            return new Statistics(mean, Math.sqrt(sq / (p.length - 1)));
        }
    }
}
