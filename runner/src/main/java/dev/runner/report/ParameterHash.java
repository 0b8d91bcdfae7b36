package dev.runner.report;

import dev.runner.util.Sha256;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code params_sha256}: SHA-256 of a network's flattened parameters as little-endian float32, in DL4J's parameter
 * order. Equal hashes mean bit-identical parameters.
 */
public final class ParameterHash {
    private ParameterHash() {
    }

    public static String of(INDArray params) {
        float[] values = params.castTo(DataType.FLOAT).reshape(params.length()).toFloatVector();
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) bytes.putFloat(v);
        return Sha256.hex(bytes.array());
    }
}
