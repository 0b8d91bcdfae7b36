package dev.runner.model.updater;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * PyTorch's Adam: m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², p ← p − lr/(1−β1ᵗ) · m / (√v/√(1−β2ᵗ) + ε).
 * DL4J's own Adam puts ε inside the bias correction, which differs slightly. Weight decay (PyTorch's, not AdamW's)
 * is added to the gradient beforehand by DL4J's L2 regularization.
 */
public final class TorchAdam extends FixedRateUpdater {
    private double beta1;
    private double beta2;
    private double epsilon;

    /** For deserialisation of saved models. */
    public TorchAdam() {
    }

    public TorchAdam(double learningRate, double beta1, double beta2, double epsilon) {
        super(learningRate);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    @Override
    public long stateSize(long numParams) {
        return 2 * numParams;
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        Updater u = new Updater(this);
        // The view holds both moments back to back ([1, 2n]); the gradient each moment mirrors is [1, n].
        long[] gradientShape = viewArray.shape().clone();
        gradientShape[gradientShape.length - 1] /= 2;
        u.setStateViewArray(viewArray, gradientShape, viewArray.ordering(), initializeViewArray);
        return u;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> state, boolean initializeStateArrays) {
        Updater u = new Updater(this);
        u.setState(state, initializeStateArrays);
        return u;
    }

    @Override
    public TorchAdam clone() {
        return new TorchAdam(getLearningRate(), beta1, beta2, epsilon);
    }

    public double getBeta1() {
        return beta1;
    }

    public void setBeta1(double beta1) {
        this.beta1 = beta1;
    }

    public double getBeta2() {
        return beta2;
    }

    public void setBeta2(double beta2) {
        this.beta2 = beta2;
    }

    public double getEpsilon() {
        return epsilon;
    }

    public void setEpsilon(double epsilon) {
        this.epsilon = epsilon;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TorchAdam t && t.getLearningRate() == getLearningRate() && t.beta1 == beta1 && t.beta2 == beta2
                && t.epsilon == epsilon;
    }

    @Override
    public int hashCode() {
        return Objects.hash(getLearningRate(), beta1, beta2, epsilon);
    }

    @Override
    public String toString() {
        return "TorchAdam(lr=" + getLearningRate() + ", betas=(" + beta1 + ", " + beta2 + "), eps=" + epsilon + ")";
    }

    static final class Updater implements GradientUpdater<TorchAdam> {
        private static final String M = "M";
        private static final String V = "V";
        private final TorchAdam config;
        private INDArray m;
        private INDArray v;
        private FusedLoop loops;

        Updater(TorchAdam config) {
            this.config = config;
        }

        @Override
        public TorchAdam getConfig() {
            return config;
        }

        @Override
        public void setState(Map<String, INDArray> state, boolean initialize) {
            m = state.get(M);
            v = state.get(V);
            if (initialize) {
                m.assign(0);
                v.assign(0);
            }
        }

        @Override
        public Map<String, INDArray> getState() {
            Map<String, INDArray> state = new HashMap<>();
            state.put(M, m);
            state.put(V, v);
            return state;
        }

        @Override
        public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder,
                                      boolean initialize) {
            if (initialize) viewArray.assign(0);
            m = StateViews.part(viewArray, 0, 2, gradientShape, gradientOrder);
            v = StateViews.part(viewArray, 1, 2, gradientShape, gradientOrder);
        }

        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            double b1 = config.beta1;
            double b2 = config.beta2;
            int t = iteration + 1;
            double biasCorrection1 = 1 - Math.pow(b1, t);
            double biasCorrection2 = 1 - Math.pow(b2, t);
            if (FusedLoop.applies(gradient, m, v)) {
                fused(gradient, b1, b2, biasCorrection1, biasCorrection2);
                return;
            }
            m.muli(b1).addi(gradient.mul(1 - b1));
            v.muli(b2).addi(gradient.mul(gradient).muli(1 - b2));
            INDArray denominator = Transforms.sqrt(v, true).divi(Math.sqrt(biasCorrection2)).addi(config.epsilon);
            gradient.assign(m).divi(denominator).muli(config.getLearningRate() / biasCorrection1);
        }

        /**
         * The ND4J operations above in one pass: each is a float operation with its scalar rounded to float, and
         * Java evaluates the same operations in the same order without fusing any, so the result is bit-identical
         * (TorchAdamTest compares). Why: at small batches the five ND4J passes over every parameter were a
         * quarter of the lecture-6 CNN's training step (421,642 parameters updated every 10 images).
         */
        private void fused(INDArray gradient, double b1, double b2, double biasCorrection1, double biasCorrection2) {
            int n = (int) gradient.length();
            FusedLoop loop = FusedLoop.of(n, loops);
            loops = loop;
            float[] g = loop.read(gradient, 0);
            float[] mv = loop.read(m, 1);
            float[] vv = loop.read(v, 2);
            float beta1 = (float) b1;
            float oneMinusBeta1 = (float) (1 - b1);
            float beta2 = (float) b2;
            float oneMinusBeta2 = (float) (1 - b2);
            float sqrtCorrection2 = (float) Math.sqrt(biasCorrection2);
            float eps = (float) config.epsilon;
            float step = (float) (config.getLearningRate() / biasCorrection1);
            for (int i = 0; i < n; i++) {
                float gi = g[i];
                float mi = mv[i] * beta1 + gi * oneMinusBeta1;
                float vi = vv[i] * beta2 + gi * gi * oneMinusBeta2;
                mv[i] = mi;
                vv[i] = vi;
                g[i] = mi / ((float) Math.sqrt(vi) / sqrtCorrection2 + eps) * step;
            }
            loop.write(gradient, 0);
            loop.write(m, 1);
            loop.write(v, 2);
        }
    }
}
