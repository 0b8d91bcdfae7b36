package dev.runner.model;

import java.util.Objects;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * PyTorch's {@code CrossEntropyLoss(label_smoothing=ε)}: {@code (1−ε)·NLL + ε·mean_k(−log p_k)}. That is the
 * cross-entropy against the smoothed targets {@code (1−ε)·y + ε/K}, which sum to 1, so DL4J's multi-class
 * cross-entropy on them gives both the loss and its softmax gradient {@code p − target} unchanged.
 *
 * <p>Public with a no-argument constructor and bean accessors because DL4J's JSON names the class to rebuild saved
 * models; a loader without it can read it as the plain {@link LossMCXENT} it extends, which only training uses.
 */
public class SmoothedCrossEntropy extends LossMCXENT {
    private double labelSmoothing;

    public SmoothedCrossEntropy() {
    }

    public SmoothedCrossEntropy(double labelSmoothing) {
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1): " + labelSmoothing);
        }
        this.labelSmoothing = labelSmoothing;
    }

    /** {@code (1−ε)·y + ε/K} for one-hot (or any) targets {@code y} over K classes. */
    public INDArray smooth(INDArray labels) {
        long classes = labels.size(labels.rank() - 1);
        return labels.mul(1 - labelSmoothing).addi(labelSmoothing / classes);
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        return super.computeScore(smooth(labels), preOutput, activationFn, mask, average);
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return super.computeScoreArray(smooth(labels), preOutput, activationFn, mask);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return super.computeGradient(smooth(labels), preOutput, activationFn, mask);
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
                                                          IActivation activationFn, INDArray mask, boolean average) {
        return super.computeGradientAndScore(smooth(labels), preOutput, activationFn, mask, average);
    }

    public double getLabelSmoothing() {
        return labelSmoothing;
    }

    public void setLabelSmoothing(double labelSmoothing) {
        this.labelSmoothing = labelSmoothing;
    }

    @Override
    public String name() {
        return toString();
    }

    @Override
    public String toString() {
        return "SmoothedCrossEntropy(label_smoothing=" + labelSmoothing + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SmoothedCrossEntropy s && s.labelSmoothing == labelSmoothing && super.equals(o);
    }

    @Override
    protected boolean canEqual(Object other) {
        return other instanceof SmoothedCrossEntropy;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), labelSmoothing);
    }
}
