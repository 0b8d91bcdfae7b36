package dev.runner.model.updater;

import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * PyTorch's SGD. With momentum it is heavy-ball, v ← μv + g then p ← p − lr·v (DL4J's Nesterovs is a different
 * rule); with {@code nesterov}, p ← p − lr·(g + μv). Weight decay is added to the gradient before this runs, by
 * DL4J's L2 regularization, exactly as PyTorch adds it.
 */
public final class TorchSgd extends FixedRateUpdater {
    private double momentum;
    private boolean nesterov;

    /** For deserialisation of saved models. */
    public TorchSgd() {
    }

    public TorchSgd(double learningRate, double momentum, boolean nesterov) {
        super(learningRate);
        this.momentum = momentum;
        this.nesterov = nesterov;
    }

    @Override
    public long stateSize(long numParams) {
        return momentum == 0 ? 0 : numParams;
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        Updater u = new Updater(this);
        if (stateSize(1) > 0) {
            u.setStateViewArray(viewArray, viewArray.shape(), viewArray.ordering(), initializeViewArray);
        }
        return u;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> state, boolean initializeStateArrays) {
        Updater u = new Updater(this);
        u.setState(state, initializeStateArrays);
        return u;
    }

    @Override
    public TorchSgd clone() {
        return new TorchSgd(getLearningRate(), momentum, nesterov);
    }

    public double getMomentum() {
        return momentum;
    }

    public void setMomentum(double momentum) {
        this.momentum = momentum;
    }

    public boolean isNesterov() {
        return nesterov;
    }

    public void setNesterov(boolean nesterov) {
        this.nesterov = nesterov;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TorchSgd t && t.getLearningRate() == getLearningRate() && t.momentum == momentum
                && t.nesterov == nesterov;
    }

    @Override
    public int hashCode() {
        return Objects.hash(getLearningRate(), momentum, nesterov);
    }

    @Override
    public String toString() {
        return "TorchSgd(lr=" + getLearningRate() + ", momentum=" + momentum + ", nesterov=" + nesterov + ")";
    }

    static final class Updater implements GradientUpdater<TorchSgd> {
        private static final String VELOCITY = "V";
        private final TorchSgd config;
        private INDArray velocity;

        Updater(TorchSgd config) {
            this.config = config;
        }

        @Override
        public TorchSgd getConfig() {
            return config;
        }

        @Override
        public void setState(Map<String, INDArray> state, boolean initialize) {
            if (config.momentum == 0) return;
            velocity = state.get(VELOCITY);
            if (initialize) velocity.assign(0);
        }

        @Override
        public Map<String, INDArray> getState() {
            return velocity == null ? Map.of() : Map.of(VELOCITY, velocity);
        }

        @Override
        public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder,
                                      boolean initialize) {
            if (initialize) viewArray.assign(0);
            velocity = StateViews.part(viewArray, 0, 1, gradientShape, gradientOrder);
        }

        /** Turns the gradient, in place, into the step that DL4J subtracts from the parameters. */
        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            double mu = config.momentum;
            if (mu != 0) {
                velocity.muli(mu).addi(gradient);
                if (config.nesterov) {
                    gradient.addi(velocity.mul(mu));
                } else {
                    gradient.assign(velocity);
                }
            }
            gradient.muli(config.getLearningRate());
        }
    }
}
