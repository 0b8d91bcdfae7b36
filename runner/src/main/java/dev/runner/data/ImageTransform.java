package dev.runner.data;

import dev.runner.config.TransformSpec;
import java.util.List;
import java.util.Random;

/** An in-place transform of one image. Random transforms draw only from the source they are given. */
public sealed interface ImageTransform {

    void apply(float[] image, int offset, int height, int width, Random random);

    boolean isRandom();

    record Normalize(float mean, float std) implements ImageTransform {
        @Override
        public void apply(float[] image, int offset, int height, int width, Random random) {
            // A true division, as torchvision's tensor.sub_(mean).div_(std): multiplying by a float reciprocal
            // differs from it in the last bit for some pixels.
            for (int i = offset, end = offset + height * width; i < end; i++) image[i] = (image[i] - mean) / std;
        }

        @Override
        public boolean isRandom() {
            return false;
        }
    }

    /**
     * Rotation by an angle uniform in [-degrees, degrees] about the image centre, nearest pixel, {@code fill}
     * outside: torchvision's {@code RandomRotation(degrees, fill=...)} with its default interpolation.
     */
    record RandomRotation(double degrees, float fill) implements ImageTransform {
        @Override
        public void apply(float[] image, int offset, int height, int width, Random random) {
            double angle = Math.toRadians((2 * random.nextDouble() - 1) * degrees);
            double cos = Math.cos(angle);
            double sin = Math.sin(angle);
            double cy = height / 2.0;
            double cx = width / 2.0;
            float[] source = java.util.Arrays.copyOfRange(image, offset, offset + height * width);
            for (int y = 0; y < height; y++) {
                double dy = y + 0.5 - cy;
                for (int x = 0; x < width; x++) {
                    double dx = x + 0.5 - cx;
                    // Inverse mapping: where in the source does this output pixel come from?
                    int sx = (int) Math.floor(cos * dx - sin * dy + cx);
                    int sy = (int) Math.floor(sin * dx + cos * dy + cy);
                    image[offset + y * width + x] = sx >= 0 && sx < width && sy >= 0 && sy < height
                            ? source[sy * width + sx] : fill;
                }
            }
        }

        @Override
        public boolean isRandom() {
            return true;
        }
    }

    /**
     * Builds the transforms of a list; {@code normalize: auto} takes the given statistics (those of the training
     * split).
     */
    static List<ImageTransform> of(List<TransformSpec> specs, float autoMean, float autoStd) {
        return specs.stream().map(s -> {
            if (s instanceof TransformSpec.Normalize n) return (ImageTransform) new Normalize((float) n.mean(),
                    (float) n.std());
            if (s instanceof TransformSpec.NormalizeAuto) return new Normalize(autoMean, autoStd);
            TransformSpec.RandomRotation r = (TransformSpec.RandomRotation) s;
            return new RandomRotation(r.degrees(), (float) r.fill());
        }).toList();
    }
}
