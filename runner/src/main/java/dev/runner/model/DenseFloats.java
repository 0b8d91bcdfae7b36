package dev.runner.model;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Bulk copies between a dense float array of ND4J (one stride, any offset, at most {@code Integer.MAX_VALUE}
 * values) and a Java array, in memory order: how the runner's Java kernels read their inputs and write their
 * results.
 */
public final class DenseFloats {
    private DenseFloats() {
    }

    /** The array's values, in {@code reuse} when it has room for them, else in a new Java array of their length. */
    public static float[] read(INDArray array, float[] reuse) {
        int length = (int) array.length();
        float[] target = reuse != null && reuse.length >= length ? reuse : new float[length];
        FloatBuffer source = array.data().asNioFloat();
        source.position((int) array.offset());
        source.get(target, 0, length);
        return target;
    }

    /** Writes the first {@code array.length()} of {@code values} into {@code array}. */
    public static void write(float[] values, INDArray array) {
        FloatBuffer target = array.data().asNioFloat();
        target.position((int) array.offset());
        target.put(values, 0, (int) array.length());
    }
}
