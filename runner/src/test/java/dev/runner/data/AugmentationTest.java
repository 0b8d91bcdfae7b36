package dev.runner.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.config.TransformSpec;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * random_crop, random_horizontal_flip, random_erasing and random_affine against torchvision's definitions. Where
 * a draw decides the result, a scripted source hands out chosen values, so the pixels are pinned exactly; the
 * 6×6 expectations marked "torchvision" were computed with torchvision 0.14.1 ({@code F.pad}/{@code F.crop},
 * {@code F.affine(..., interpolation=NEAREST)}) on the image 1..36 and pasted.
 */
class AugmentationTest {

    /** Pixel (y, x) = y·side + x + 1. */
    private static float[] ramp(int side) {
        float[] image = new float[side * side];
        for (int i = 0; i < image.length; i++) image[i] = i + 1;
        return image;
    }

    /** Hands out the given uniforms and integers in order; fails on any other draw or a bound it did not expect. */
    static final class Scripted extends Random {
        private final Deque<Double> doubles = new ArrayDeque<>();
        private final Deque<int[]> ints = new ArrayDeque<>();

        Scripted uniform(double... us) {
            for (double u : us) doubles.add(u);
            return this;
        }

        /** The next {@code nextInt(bound)} must have this bound and returns {@code value}. */
        Scripted integer(int bound, int value) {
            ints.add(new int[]{bound, value});
            return this;
        }

        @Override
        public double nextDouble() {
            if (doubles.isEmpty()) throw new AssertionError("unexpected nextDouble()");
            return doubles.poll();
        }

        @Override
        public int nextInt(int bound) {
            int[] next = ints.poll();
            if (next == null) throw new AssertionError("unexpected nextInt(" + bound + ")");
            assertEquals(next[0], bound, "bound of nextInt");
            return next[1];
        }

        void assertUsedUp() {
            assertTrue(doubles.isEmpty() && ints.isEmpty(), "draws left over: " + doubles + " " + ints.size());
        }
    }

    // random_crop

    @Test
    void cropPadsThenTakesTheWindowAtTheDrawnRowThenColumn() {
        float[] image = ramp(6);
        // 6 + 2·2 − 6 + 1 = 5 positions each way; torch.randint draws the top row first, then the left column.
        Scripted random = new Scripted().integer(5, 1).integer(5, 3);
        new ImageTransform.RandomCrop(6, 2, -1f).apply(image, 0, 6, 6, random);
        random.assertUsedUp();
        float[] torchvision = {-1, -1, -1, -1, -1, -1, 2, 3, 4, 5, 6, -1, 8, 9, 10, 11, 12, -1, 14, 15, 16, 17, 18, -1,
                20, 21, 22, 23, 24, -1, 26, 27, 28, 29, 30, -1};
        assertArrayEquals(torchvision, image);
    }

    @Test
    void centredCropIsTheIdentityAndTheCornerOneAShift() {
        float[] centred = ramp(28);
        new ImageTransform.RandomCrop(28, 4, 0f).apply(centred, 0, 28, 28, new Scripted().integer(9, 4).integer(9, 4));
        assertArrayEquals(ramp(28), centred);
        float[] corner = ramp(28);
        new ImageTransform.RandomCrop(28, 4, 0f).apply(corner, 0, 28, 28, new Scripted().integer(9, 0).integer(9, 8));
        float[] in = ramp(28);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                // window top −4, left +4: output (y, x) is input (y − 4, x + 4)
                float expected = y - 4 >= 0 && x + 4 < 28 ? in[(y - 4) * 28 + x + 4] : 0f;
                assertEquals(expected, corner[y * 28 + x], "(" + y + ", " + x + ")");
            }
        }
    }

    @Test
    void cropWithoutPaddingDrawsNothing() {
        float[] image = ramp(28);
        // torchvision's get_params returns (0, 0) without drawing when the window is the whole image.
        new ImageTransform.RandomCrop(28, 0, 0f).apply(image, 0, 28, 28, new Scripted());
        assertArrayEquals(ramp(28), image);
    }

    @Test
    void cropOfAnotherSizeThanTheImageIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new ImageTransform.RandomCrop(24, 2, 0f).apply(ramp(28), 0, 28, 28, new Random(1)));
    }

    // random_horizontal_flip

    @Test
    void flipMirrorsEachRowWhenTheDrawIsBelowP() {
        float[] image = ramp(5);
        new ImageTransform.RandomHorizontalFlip(0.5).apply(image, 0, 5, 5, new Scripted().uniform(0.49));
        float[] in = ramp(5);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 5; x++) assertEquals(in[y * 5 + 4 - x], image[y * 5 + x]);
        }
        // torch.rand(1) < p is strict: a draw equal to p leaves the image as it is.
        float[] kept = ramp(5);
        new ImageTransform.RandomHorizontalFlip(0.5).apply(kept, 0, 5, 5, new Scripted().uniform(0.5));
        assertArrayEquals(ramp(5), kept);
    }

    @Test
    void flipTouchesOnlyItsImage() {
        float[] two = new float[2 * 4];
        for (int i = 0; i < two.length; i++) two[i] = i;
        new ImageTransform.RandomHorizontalFlip(1).apply(two, 4, 2, 2, new Scripted().uniform(0.0));
        assertArrayEquals(new float[]{0, 1, 2, 3, 5, 4, 7, 6}, two);
    }

    // random_erasing

    @Test
    void erasingRectangleFromHandComputedDraws() {
        float[] image = ramp(28);
        // p draw 0.1 < 0.5; area = 784·(0.02 + 0.31·0.5) = 137.2; ratio = exp((ln 0.3 + ln 3.3)/2) = √0.99;
        // h = round(√(137.2·√0.99)) = round(11.68) = 12, w = round(√(137.2/√0.99)) = round(11.74) = 12;
        // then top = randint(0, 17) → 3, left = randint(0, 17) → 5.
        Scripted random = new Scripted().uniform(0.1, 0.5, 0.5).integer(17, 3).integer(17, 5);
        new ImageTransform.RandomErasing(0.5, 0.02, 0.33, 0.3, 3.3, -0.5f).apply(image, 0, 28, 28, random);
        random.assertUsedUp();
        float[] in = ramp(28);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                boolean inside = y >= 3 && y < 15 && x >= 5 && x < 17;
                assertEquals(inside ? -0.5f : in[y * 28 + x], image[y * 28 + x], "(" + y + ", " + x + ")");
            }
        }
    }

    @Test
    void erasingRoundsHalfToEvenAsPython() {
        // On a 13×13 image, scale 0.25 and ratio 1 give an area of 42.25 = 6.5²: Python's round(6.5) is 6
        // (Math.round would give 7), so the rectangle is 6×6 with 13 − 6 + 1 = 8 positions each way.
        ImageTransform.RandomErasing erasing = new ImageTransform.RandomErasing(1, 0.25, 0.25, 1, 1, 0f);
        int[] box = erasing.box(13, 13, new Scripted().uniform(0.3, 0.7).integer(8, 2).integer(8, 5));
        assertArrayEquals(new int[]{2, 5, 6, 6}, box);
    }

    @Test
    void erasingGivesUpAfterTenAttemptsThatDoNotFit() {
        float[] image = ramp(28);
        // scale ≥ 0.99 makes h = w = 28, never < 28: ten attempts of two draws each, then the image as it was.
        double[] draws = new double[1 + 20];
        Arrays.fill(draws, 0.5);
        draws[0] = 0.0;
        Scripted random = new Scripted().uniform(draws);
        new ImageTransform.RandomErasing(1, 0.99, 1, 1, 1, 0f).apply(image, 0, 28, 28, random);
        random.assertUsedUp();
        assertArrayEquals(ramp(28), image);
    }

    @Test
    void erasedRectanglesStayWithinTheScaleAndRatioRanges() {
        ImageTransform.RandomErasing erasing = new ImageTransform.RandomErasing(0.5, 0.02, 0.33, 0.3, 3.3, -1f);
        Random random = new Random(2024);
        int erased = 0;
        for (int n = 0; n < 2000; n++) {
            float[] image = ramp(28);
            erasing.apply(image, 0, 28, 28, random);
            int top = 28, left = 28, bottom = -1, right = -1, count = 0;
            for (int i = 0; i < image.length; i++) {
                if (image[i] == -1f) {
                    count++;
                    top = Math.min(top, i / 28);
                    bottom = Math.max(bottom, i / 28);
                    left = Math.min(left, i % 28);
                    right = Math.max(right, i % 28);
                } else {
                    assertEquals(ramp(28)[i], image[i]);
                }
            }
            if (count == 0) continue;
            erased++;
            int h = bottom - top + 1;
            int w = right - left + 1;
            assertEquals(h * w, count, "one filled rectangle");
            assertTrue(h < 28 && w < 28);
            // h = round(√(a·r)), w = round(√(a/r)) with a/784 ∈ [0.02, 0.33] and r ∈ [0.3, 3.3], so
            // (h ± ½)(w ± ½) bracket a and (h ± ½)/(w ∓ ½) bracket r.
            assertTrue((h + 0.5) * (w + 0.5) >= 0.02 * 784 && (h - 0.5) * (w - 0.5) <= 0.33 * 784, h + "×" + w);
            assertTrue((h + 0.5) / (w - 0.5) >= 0.3 && (h - 0.5) / (w + 0.5) <= 3.3, h + "×" + w);
        }
        // p = 0.5; a few draws find no rectangle that fits in ten attempts (tall ones at large scale).
        assertTrue(erased > 850 && erased < 1050, "erased " + erased + " of 2000");
    }

    // random_affine

    @Test
    void affineWithOnlyTranslationIsAShift() {
        float[] image = ramp(28);
        // angle (2·0.5 − 1)·10 = 0; max shift 0.25·28 = 7 pixels: tx = round(−7 + 14·(10/14)) = 3,
        // ty = round(−7 + 14·(5/14)) = −2.
        Scripted random = new Scripted().uniform(0.5, 10.0 / 14, 5.0 / 14);
        new ImageTransform.RandomAffine(10, 0.25, 0.25, 1, 1, -1f).apply(image, 0, 28, 28, random);
        random.assertUsedUp();
        float[] in = ramp(28);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                int sy = y + 2;
                int sx = x - 3;
                float expected = sy < 28 && sx >= 0 ? in[sy * 28 + sx] : -1f;
                assertEquals(expected, image[y * 28 + x], "(" + y + ", " + x + ")");
            }
        }
    }

    @Test
    void affineRotatesClockwiseAsTorchvisionsAffineUnlikeRotate() {
        // F.affine's angle is clockwise, F.rotate's counter-clockwise: affine +90° is rotation −90°.
        float[] affine = ramp(6);
        new ImageTransform.RandomAffine(90, 0, 0, 1, 1, 0f).apply(affine, 0, 6, 6, new Scripted().uniform(1.0));
        float[] rotation = ramp(6);
        new ImageTransform.RandomRotation(90, 0f).apply(rotation, 0, 6, 6, new Scripted().uniform(0.0));
        assertArrayEquals(rotation, affine);
        float[] torchvision = {31, 25, 19, 13, 7, 1, 32, 26, 20, 14, 8, 2, 33, 27, 21, 15, 9, 3, 34, 28, 22, 16, 10, 4,
                35, 29, 23, 17, 11, 5, 36, 30, 24, 18, 12, 6};
        assertArrayEquals(torchvision, affine);
    }

    @Test
    void affineRotationWithTranslationAsTorchvision() {
        float[] image = ramp(6);
        // angle 30; max shift 0.5·6 = 3: tx = round(−3 + 6·5/6) = 2, ty = round(−3 + 6·4/6) = 1.
        new ImageTransform.RandomAffine(30, 0.5, 0.5, 1, 1, 0f).apply(image, 0, 6, 6,
                new Scripted().uniform(1.0, 5.0 / 6, 4.0 / 6));
        float[] torchvision = {0, 0, 0, 0, 1, 0, 0, 0, 0, 7, 8, 3, 0, 0, 13, 13, 8, 9, 0, 0, 19, 20, 15, 16, 0, 31, 26,
                26, 21, 22, 0, 0, 32, 33, 28, 29};
        assertArrayEquals(torchvision, image);
    }

    @Test
    void affineRotationTranslationAndScaleAsTorchvision() {
        float[] image = ramp(6);
        // angle 17, tx = round(−3 + 6·4/6) = 1, ty = round(−3 + 6·0.5) = 0, scale 1.3 + 0·u.
        Scripted random = new Scripted().uniform(1.0, 4.0 / 6, 0.5, 0.7);
        new ImageTransform.RandomAffine(17, 0.5, 0.5, 1.3, 1.3, 0f).apply(image, 0, 6, 6, random);
        random.assertUsedUp();
        float[] torchvision = {0, 7, 8, 9, 9, 4, 13, 13, 14, 15, 10, 10, 19, 20, 14, 15, 16, 16, 25, 20, 21, 21, 22, 23,
                25, 26, 27, 27, 22, 23, 31, 32, 33, 28, 28, 29};
        assertArrayEquals(torchvision, image);
    }

    @Test
    void affineWithoutTranslateOrScaleDrawsOnlyTheAngle() {
        Scripted random = new Scripted().uniform(0.3);
        new ImageTransform.RandomAffine(15, 0, 0, 1, 1, 0f).apply(ramp(28), 0, 28, 28, random);
        random.assertUsedUp();
    }

    // pipelines

    @Test
    void specsBuildTheirTransforms() {
        List<ImageTransform> built = ImageTransform.of(List.of(
                new TransformSpec.RandomCrop(28, 4, 0),
                new TransformSpec.RandomHorizontalFlip(0.5),
                new TransformSpec.RandomAffine(10, null, null, 0.5),
                new TransformSpec.RandomAffine(0, new TransformSpec.Translate(0.1, 0.2),
                        new TransformSpec.Range(0.9, 1.1), 0),
                new TransformSpec.NormalizeAuto(),
                new TransformSpec.RandomErasing(0.5, new TransformSpec.Range(0.02, 0.33),
                        new TransformSpec.Range(0.3, 3.3), 0)), 0.25f, 0.5f);
        assertEquals(List.of(new ImageTransform.RandomCrop(28, 4, 0f), new ImageTransform.RandomHorizontalFlip(0.5),
                new ImageTransform.RandomAffine(10, 0, 0, 1, 1, 0.5f),
                new ImageTransform.RandomAffine(0, 0.1, 0.2, 0.9, 1.1, 0f), new ImageTransform.Normalize(0.25f, 0.5f),
                new ImageTransform.RandomErasing(0.5, 0.02, 0.33, 0.3, 3.3, 0f)), built);
        assertTrue(built.stream().filter(t -> !(t instanceof ImageTransform.Normalize))
                .allMatch(ImageTransform::isRandom));
    }

    @Test
    void everyTransformTogetherIsReproducibleFromItsSeed() {
        TransformPipeline pipeline = new TransformPipeline(List.of(new ImageTransform.RandomCrop(28, 4, 0f),
                new ImageTransform.RandomHorizontalFlip(0.5), new ImageTransform.RandomAffine(15, 0.1, 0.1, 0.9, 1.1, 0f),
                new ImageTransform.Normalize(0.3f, 0.35f),
                new ImageTransform.RandomErasing(0.5, 0.02, 0.33, 0.3, 3.3, 0f)), 28, 28);
        ImageSet set = new ImageSet(tile(ramp(28), 50), new int[50], 28 * 28);
        ImageSet a = pipeline.applyAll(set, new Random(42));
        ImageSet b = pipeline.applyAll(set, new Random(42));
        ImageSet c = pipeline.applyAll(set, new Random(43));
        assertArrayEquals(a.pixels(), b.pixels());
        assertFalse(Arrays.equals(a.pixels(), c.pixels()));
        // Each image is drawn on its own: the 50 copies of one image do not all come out alike.
        float[] first = Arrays.copyOfRange(a.pixels(), 0, 784);
        assertNotNull(first);
        long distinct = java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> Arrays.toString(Arrays.copyOfRange(a.pixels(), i * 784, (i + 1) * 784))).distinct()
                .count();
        assertTrue(distinct > 40, distinct + " distinct of 50");
    }

    private static float[] tile(float[] image, int copies) {
        float[] out = new float[image.length * copies];
        for (int i = 0; i < copies; i++) System.arraycopy(image, 0, out, i * image.length, image.length);
        return out;
    }
}
