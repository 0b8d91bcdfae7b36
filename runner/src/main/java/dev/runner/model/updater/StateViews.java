package dev.runner.model.updater;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Carves an updater's flat state view into per-moment views shaped like the gradient, without copying. */
final class StateViews {
    private StateViews() {
    }

    /** Part {@code index} of {@code parts} equal slices of the state view, reshaped to the gradient's shape. */
    static INDArray part(INDArray viewArray, int index, int parts, long[] gradientShape, char gradientOrder) {
        INDArray flat = viewArray.rank() == 1 ? viewArray : viewArray.reshape(viewArray.length());
        long n = flat.length() / parts;
        INDArray slice = flat.get(NDArrayIndex.interval(index * n, (index + 1) * n));
        INDArray shaped = Shape.newShapeNoCopy(slice, gradientShape, gradientOrder == 'f');
        if (shaped == null) {
            throw new IllegalStateException("updater state cannot be viewed in the gradient's shape");
        }
        return shaped;
    }
}
