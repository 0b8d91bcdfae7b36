package dev.runner.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImageTransformTest {
    private static final int SIDE = 28;

    /** An asymmetric test image: pixel (y, x) = (y·28 + x + 1) / 1000. */
    private static float[] ramp() {
        float[] image = new float[SIDE * SIDE];
        for (int i = 0; i < image.length; i++) image[i] = (i + 1) / 1000f;
        return image;
    }

    /** A source whose next angle is fixed: RandomRotation draws (2u − 1)·degrees from one nextDouble. */
    private static Random fixed(double u) {
        return new Random() {
            @Override
            public double nextDouble() {
                return u;
            }
        };
    }

    @Test
    void normalizeIsTorchvisions() {
        float[] image = {0f, 0.5f, 1f, 0.2860f, 0.75f};
        new ImageTransform.Normalize(0.2860f, 0.3530f).apply(image, 0, 1, 5, null);
        float[] expected = new float[5];
        float[] original = {0f, 0.5f, 1f, 0.2860f, 0.75f};
        // torchvision: tensor.sub_(mean).div_(std), in float32.
        for (int i = 0; i < 5; i++) expected[i] = (original[i] - 0.2860f) / 0.3530f;
        assertArrayEquals(expected, image);
        assertEquals(0f, image[3]);
        assertEquals(-0.8101983f, image[0], 1e-7f); // −0.286 / 0.353
    }

    @Test
    void normalizeTouchesOnlyItsImage() {
        float[] two = new float[2 * 4];
        Arrays.fill(two, 1f);
        new ImageTransform.Normalize(0.5f, 0.25f).apply(two, 4, 2, 2, null);
        assertArrayEquals(new float[]{1, 1, 1, 1, 2, 2, 2, 2}, two);
    }

    @Test
    void zeroRotationIsTheIdentity() {
        float[] image = ramp();
        new ImageTransform.RandomRotation(0, 0f).apply(image, 0, SIDE, SIDE, new Random(1));
        assertArrayEquals(ramp(), image);
    }

    @Test
    void sameSeedSameRotationOtherSeedAnother() {
        float[] a = ramp();
        float[] b = ramp();
        float[] c = ramp();
        ImageTransform t = new ImageTransform.RandomRotation(25, 0f);
        t.apply(a, 0, SIDE, SIDE, new Random(77));
        t.apply(b, 0, SIDE, SIDE, new Random(77));
        t.apply(c, 0, SIDE, SIDE, new Random(78));
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
        assertFalse(Arrays.equals(ramp(), a));
        assertTrue(t.isRandom());
    }

    @Test
    void positiveAnglesTurnCounterClockwiseAsTorchvision() {
        // u = 1 draws +degrees. A quarter turn counter-clockwise brings the right column to the top row:
        // output (y, x) = input (x, 27 − y).
        float[] image = ramp();
        new ImageTransform.RandomRotation(90, 0f).apply(image, 0, SIDE, SIDE, fixed(1.0));
        float[] in = ramp();
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                assertEquals(in[x * SIDE + (SIDE - 1 - y)], image[y * SIDE + x], "(" + y + ", " + x + ")");
            }
        }
        // u = 0 draws −degrees: clockwise, output (y, x) = input (27 − x, y).
        float[] back = ramp();
        new ImageTransform.RandomRotation(90, 0f).apply(back, 0, SIDE, SIDE, fixed(0.0));
        assertEquals(in[27 * SIDE], back[0]);
        assertEquals(in[0], back[27]);
    }

    @Test
    void cornersRotatedInFromOutsideTakeTheFill() {
        float[] image = ramp();
        new ImageTransform.RandomRotation(45, 0.5f).apply(image, 0, SIDE, SIDE, fixed(1.0));
        assertEquals(0.5f, image[0]);
        assertEquals(0.5f, image[SIDE - 1]);
        assertEquals(0.5f, image[SIDE * SIDE - 1]);
        // the centre pixel stays where it is
        float[] in = ramp();
        assertEquals(in[14 * SIDE + 14], image[14 * SIDE + 14]);
    }

    @Test
    void rotationDrawsOneNumberPerImage() {
        Random used = new Random(5);
        float[] image = ramp();
        new ImageTransform.RandomRotation(10, 0f).apply(image, 0, SIDE, SIDE, used);
        Random expected = new Random(5);
        expected.nextDouble();
        assertEquals(expected.nextLong(), used.nextLong());
    }
}
