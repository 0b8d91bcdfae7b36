package dev.runner.data;

import dev.runner.config.TransformSpec;
import java.util.Arrays;
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
            // torchvision's rotate passes −angle to the inverse affine matrix, so this is the transpose of
            // RandomAffine's rotation: positive angles turn counter-clockwise.
            inverseMap(image, offset, height, width, cos, -sin, sin, cos, 0, 0, fill);
        }

        @Override
        public boolean isRandom() {
            return true;
        }
    }

    /**
     * torchvision's {@code RandomAffine(degrees, translate, scale, fill=...)} without shear, nearest pixel: an angle
     * uniform in [-degrees, degrees] (clockwise for positive angles, as {@code F.affine}), then, when a translation
     * range is given, shifts {@code round(U(-tx·width, tx·width))} and {@code round(U(-ty·height, ty·height))} pixels
     * (Python's round, half to even), then, when a scale range other than [1, 1] is given, a scale uniform in it;
     * drawn in that order, as {@code RandomAffine.get_params}.
     */
    record RandomAffine(double degrees, double translateX, double translateY, double scaleMin, double scaleMax,
                        float fill) implements ImageTransform {
        @Override
        public void apply(float[] image, int offset, int height, int width, Random random) {
            double angle = Math.toRadians((2 * random.nextDouble() - 1) * degrees);
            double tx = 0;
            double ty = 0;
            if (translateX != 0 || translateY != 0) {
                double maxDx = translateX * width;
                double maxDy = translateY * height;
                tx = Math.rint(-maxDx + 2 * maxDx * random.nextDouble());
                ty = Math.rint(-maxDy + 2 * maxDy * random.nextDouble());
            }
            double scale = 1;
            if (scaleMin != 1 || scaleMax != 1) scale = scaleMin + (scaleMax - scaleMin) * random.nextDouble();
            double cos = Math.cos(angle);
            double sin = Math.sin(angle);
            // torchvision's _get_inverse_affine_matrix with no shear: [[cos, sin], [-sin, cos]] / scale, applied
            // to the output position less the translation.
            inverseMap(image, offset, height, width, cos / scale, sin / scale, -sin / scale, cos / scale, tx, ty,
                    fill);
        }

        @Override
        public boolean isRandom() {
            return true;
        }
    }

    /**
     * torchvision's {@code RandomCrop(size, padding, fill=...)}: the image padded by {@code padding} pixels of
     * {@code fill} on every side, then a {@code size × size} window at a top row and then a left column each
     * uniform over the positions that fit ({@code torch.randint}); no draw when only one position fits. The window
     * must be the image's own size, since the network's input shape is fixed.
     */
    record RandomCrop(int size, int padding, float fill) implements ImageTransform {
        @Override
        public void apply(float[] image, int offset, int height, int width, Random random) {
            if (size != height || size != width) {
                throw new IllegalArgumentException("random_crop size " + size + " is not the image size " + height
                        + "×" + width);
            }
            int slackY = height + 2 * padding - size;
            int slackX = width + 2 * padding - size;
            if (slackY == 0 && slackX == 0) return;
            int top = random.nextInt(slackY + 1);
            int left = random.nextInt(slackX + 1);
            float[] source = Arrays.copyOfRange(image, offset, offset + height * width);
            for (int y = 0; y < size; y++) {
                int sy = top + y - padding;
                for (int x = 0; x < size; x++) {
                    int sx = left + x - padding;
                    image[offset + y * width + x] = sy >= 0 && sy < height && sx >= 0 && sx < width
                            ? source[sy * width + sx] : fill;
                }
            }
        }

        @Override
        public boolean isRandom() {
            return true;
        }
    }

    /** torchvision's {@code RandomHorizontalFlip(p)}: mirrored left to right when one uniform draw is below p. */
    record RandomHorizontalFlip(double p) implements ImageTransform {
        @Override
        public void apply(float[] image, int offset, int height, int width, Random random) {
            if (!(random.nextDouble() < p)) return;
            for (int y = 0; y < height; y++) {
                int row = offset + y * width;
                for (int l = row, r = row + width - 1; l < r; l++, r--) {
                    float t = image[l];
                    image[l] = image[r];
                    image[r] = t;
                }
            }
        }

        @Override
        public boolean isRandom() {
            return true;
        }
    }

    /**
     * torchvision's {@code RandomErasing(p, scale, ratio, value)} with a constant value: when one uniform draw is
     * below p, up to 10 attempts each draw an area {@code U(scale)·height·width} and an aspect ratio
     * {@code exp(U(log ratio))}, giving {@code h = round(√(area·ratio))}, {@code w = round(√(area/ratio))}
     * (Python's round); the first with {@code h < height} and {@code w < width} is placed at a top row and left
     * column uniform over the positions that fit and filled with {@code value}. When no attempt fits, the image is
     * left as it is. It acts on the values it is given: after {@code normalize} when listed after it, as in
     * torchvision pipelines, where it follows {@code ToTensor} and {@code Normalize}.
     */
    record RandomErasing(double p, double scaleMin, double scaleMax, double ratioMin, double ratioMax, float value)
            implements ImageTransform {
        static final int ATTEMPTS = 10;

        @Override
        public void apply(float[] image, int offset, int height, int width, Random random) {
            if (!(random.nextDouble() < p)) return;
            int[] box = box(height, width, random);
            if (box == null) return;
            for (int y = box[0]; y < box[0] + box[2]; y++) {
                Arrays.fill(image, offset + y * width + box[1], offset + y * width + box[1] + box[3], value);
            }
        }

        /** {@code {top, left, h, w}} of the erased rectangle, or null when no attempt fits. */
        int[] box(int height, int width, Random random) {
            double area = height * width;
            double logMin = Math.log(ratioMin);
            double logMax = Math.log(ratioMax);
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                double eraseArea = area * (scaleMin + (scaleMax - scaleMin) * random.nextDouble());
                double aspect = Math.exp(logMin + (logMax - logMin) * random.nextDouble());
                int h = (int) Math.rint(Math.sqrt(eraseArea * aspect));
                int w = (int) Math.rint(Math.sqrt(eraseArea / aspect));
                if (!(h < height && w < width)) continue;
                int top = random.nextInt(height - h + 1);
                int left = random.nextInt(width - w + 1);
                return new int[]{top, left, h, w};
            }
            return null;
        }

        @Override
        public boolean isRandom() {
            return true;
        }
    }

    /**
     * Nearest-pixel inverse mapping about the image centre: output pixel centre {@code d} (relative to the centre)
     * takes the source pixel containing {@code M·(d − t)} (relative to the centre), {@code fill} outside the image.
     */
    private static void inverseMap(float[] image, int offset, int height, int width, double m00, double m01,
                                   double m10, double m11, double tx, double ty, float fill) {
        double cy = height / 2.0;
        double cx = width / 2.0;
        float[] source = Arrays.copyOfRange(image, offset, offset + height * width);
        for (int y = 0; y < height; y++) {
            double dy = y + 0.5 - cy - ty;
            for (int x = 0; x < width; x++) {
                double dx = x + 0.5 - cx - tx;
                int sx = (int) Math.floor(m00 * dx + m01 * dy + cx);
                int sy = (int) Math.floor(m10 * dx + m11 * dy + cy);
                image[offset + y * width + x] = sx >= 0 && sx < width && sy >= 0 && sy < height
                        ? source[sy * width + sx] : fill;
            }
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
            if (s instanceof TransformSpec.RandomRotation r) return new RandomRotation(r.degrees(), (float) r.fill());
            if (s instanceof TransformSpec.RandomCrop c) return new RandomCrop(c.size(), c.padding(), (float) c.fill());
            if (s instanceof TransformSpec.RandomHorizontalFlip f) return new RandomHorizontalFlip(f.p());
            if (s instanceof TransformSpec.RandomErasing e) {
                return new RandomErasing(e.p(), e.scale().min(), e.scale().max(), e.ratio().min(), e.ratio().max(),
                        (float) e.value());
            }
            TransformSpec.RandomAffine a = (TransformSpec.RandomAffine) s;
            TransformSpec.Translate t = a.translate() == null ? new TransformSpec.Translate(0, 0) : a.translate();
            TransformSpec.Range scale = a.scale() == null ? new TransformSpec.Range(1, 1) : a.scale();
            return new RandomAffine(a.degrees(), t.x(), t.y(), scale.min(), scale.max(), (float) a.fill());
        }).toList();
    }
}
