package dev.runner.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Comparisons of float arrays: bit for bit, or to float rounding relative to the expected array's largest value. */
public final class FloatAssertions {
    private FloatAssertions() {
    }

    public static void assertBits(INDArray expected, INDArray actual) {
        assertArrayEquals(bits(expected), bits(actual));
    }

    public static void assertBits(INDArray expected, INDArray actual, String message) {
        assertArrayEquals(bits(expected), bits(actual), message);
    }

    /** Every element within {@code relative} times the largest magnitude in {@code expected} (which must not be 0). */
    public static void assertClose(INDArray expected, INDArray actual, double relative) {
        float[] e = expected.dup('c').data().asFloat();
        float[] a = actual.dup('c').data().asFloat();
        assertEquals(e.length, a.length);
        double scale = 0;
        for (float v : e) scale = Math.max(scale, Math.abs(v));
        assertTrue(scale > 0, "the expected array is not all zero");
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], relative * scale, "element " + i);
        }
    }

    private static int[] bits(INDArray array) {
        float[] v = array.dup('c').data().asFloat();
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) b[i] = Float.floatToRawIntBits(v[i]);
        return b;
    }
}
