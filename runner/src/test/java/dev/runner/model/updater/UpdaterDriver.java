package dev.runner.model.updater;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * Drives an {@link IUpdater} the way DL4J's updater blocks do: one state view of shape {@code [1, stateSize]}
 * (a row slice of the network's updater array, taken as DL4J's UpdaterBlock takes it), gradients as {@code [1, n]} row views, L2 added to the gradient
 * before the updater, the updater turning the gradient into the step in place, and the step subtracted from the
 * parameters. Doubles throughout, so expected values computed in double arithmetic can be compared tightly.
 */
final class UpdaterDriver {
    private UpdaterDriver() {
    }

    /** Parameters after each step, starting from {@code p0}, for the gradients (which do not depend on p). */
    static List<double[]> run(IUpdater updater, double weightDecay, double[] p0, double[]... gradients) {
        return run(updater, weightDecay == 0 ? null : new L2Regularization(weightDecay), p0, gradients);
    }

    /**
     * As {@link #run(IUpdater, double, double[], double[]...)} with any regularization, applied at its own
     * {@link Regularization#applyStep() step}: before the updater (L2) or on the update after it (WeightDecay), as
     * DL4J's UpdaterBlock applies them.
     */
    static List<double[]> run(IUpdater updater, Regularization regularization, double[] p0, double[]... gradients) {
        int n = p0.length;
        long stateSize = updater.stateSize(n);
        // DL4J hands the updater a row of a larger array; a padded parent catches writes outside the view.
        INDArray parent = Nd4j.zeros(DataType.DOUBLE, 1, stateSize + 2);
        INDArray view = stateSize == 0 ? null
                : parent.get(NDArrayIndex.interval(0, 0, true), NDArrayIndex.interval(1, 1 + stateSize));
        GradientUpdater<?> u = updater.instantiate(view, true);
        INDArray params = Nd4j.createFromArray(p0).reshape(1, n).castTo(DataType.DOUBLE);
        List<double[]> out = new ArrayList<>();
        for (int t = 0; t < gradients.length; t++) {
            INDArray g = Nd4j.createFromArray(gradients[t]).reshape(1, n).castTo(DataType.DOUBLE);
            if (regularization != null && regularization.applyStep() == Regularization.ApplyStep.BEFORE_UPDATER) {
                regularization.apply(params, g, updater.getLearningRate(t, 0), t, 0);
            }
            u.applyUpdater(g, t, 0);
            if (regularization != null && regularization.applyStep() == Regularization.ApplyStep.POST_UPDATER) {
                regularization.apply(params, g, updater.getLearningRate(t, 0), t, 0);
            }
            params.subi(g);
            out.add(params.toDoubleVector());
            if (parent.getDouble(0, 0) != 0 || parent.getDouble(0, stateSize + 1) != 0) {
                throw new AssertionError("updater wrote outside its state view");
            }
        }
        return out;
    }
}
