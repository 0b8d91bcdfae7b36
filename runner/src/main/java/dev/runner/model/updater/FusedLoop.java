package dev.runner.model.updater;

import dev.runner.model.DenseFloats;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Java arrays an updater copies its gradient and state into, updates in one pass, and copies back: for an
 * elementwise rule over contiguous float arrays, one loop instead of one ND4J pass per operation.
 */
final class FusedLoop {
    private final float[][] arrays;

    private FusedLoop(int length) {
        arrays = new float[3][length];
    }

    /** Reuses {@code previous} when it has room for {@code length} values, else makes three arrays of that length. */
    static FusedLoop of(int length, FusedLoop previous) {
        return previous != null && previous.arrays[0].length >= length ? previous : new FusedLoop(length);
    }

    /** Whether every array is float, dense in memory (any order, one stride) and of the same length. */
    static boolean applies(INDArray... arrays) {
        long length = arrays[0].length();
        for (INDArray a : arrays) {
            if (a == null || a.dataType() != DataType.FLOAT || a.length() != length || a.length() > Integer.MAX_VALUE
                    || a.elementWiseStride() != 1 || !a.isVectorOrScalar() && !sameOrderAs(a, arrays[0])) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameOrderAs(INDArray a, INDArray b) {
        return a.ordering() == b.ordering() && java.util.Arrays.equals(a.shape(), b.shape());
    }

    float[] read(INDArray array, int slot) {
        arrays[slot] = DenseFloats.read(array, arrays[slot]);
        return arrays[slot];
    }

    void write(INDArray array, int slot) {
        DenseFloats.write(arrays[slot], array);
    }
}
