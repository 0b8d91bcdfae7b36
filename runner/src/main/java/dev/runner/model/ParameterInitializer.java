package dev.runner.model;

import dev.runner.config.ExperimentSpec;
import dev.runner.config.InitSpec;
import dev.runner.config.LayerSpec;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Writes every weight and bias from one explicitly seeded random source, with PyTorch's fan computations, so that
 * initialisation does not depend on DL4J's weight-init defaults or on which thread's RNG happens to be used.
 */
final class ParameterInitializer {

    void initialize(ExperimentSpec spec, ModelSummary summary, MultiLayerNetwork network, List<Integer> dl4jLayerOf,
                    Random random) {
        List<LayerSpec> layers = spec.model().layers();
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec layer = layers.get(i);
            int index = dl4jLayerOf.get(i);
            if (index < 0) continue;
            LayerShape in = i == 0 ? summary.input() : summary.rows().get(i - 1).output();
            if (layer instanceof LayerSpec.Conv2d c) {
                int fanIn = in.channels() * c.kernel() * c.kernel();
                int fanOut = c.filters() * c.kernel() * c.kernel();
                fill(network.getLayer(index), c.init() != null ? c.init() : spec.model().init(), fanIn, fanOut,
                        c.bias(), random);
            } else if (layer instanceof LayerSpec.Dense d) {
                fill(network.getLayer(index), d.init() != null ? d.init() : spec.model().init(), in.size(), d.units(),
                        d.bias(), random);
            }
        }
    }

    private static void fill(Layer layer, InitSpec init, int fanIn, int fanOut, boolean bias, Random random) {
        INDArray weights = layer.getParam("W");
        weights.assign(Nd4j.create(draw(init, fanIn, fanOut, (int) weights.length(), random), weights.shape(),
                weights.ordering()));
        if (bias) {
            INDArray b = layer.getParam("b");
            float[] values = new float[(int) b.length()];
            if (init instanceof InitSpec.Preset p && p.scheme() == InitSpec.Scheme.PYTORCH) {
                double bound = 1.0 / Math.sqrt(fanIn);
                for (int k = 0; k < values.length; k++) values[k] = (float) (bound * (2 * random.nextDouble() - 1));
            }
            b.assign(Nd4j.create(values, b.shape(), b.ordering()));
        }
    }

    private static float[] draw(InitSpec init, int fanIn, int fanOut, int n, Random random) {
        float[] values = new float[n];
        if (init instanceof InitSpec.Preset p) {
            switch (p.scheme()) {
                case PYTORCH -> uniform(values, 1.0 / Math.sqrt(fanIn), random);
                case XAVIER -> uniform(values, Math.sqrt(6.0 / (fanIn + fanOut)), random);
                case HE -> normal(values, Math.sqrt(2.0 / fanIn), random);
            }
        } else if (init instanceof InitSpec.Normal normal) {
            normal(values, normal.std(), random);
        } else if (init instanceof InitSpec.Uniform uniform) {
            uniform(values, uniform.bound(), random);
        }
        return values;
    }

    private static void uniform(float[] values, double bound, Random random) {
        for (int k = 0; k < values.length; k++) values[k] = (float) (bound * (2 * random.nextDouble() - 1));
    }

    private static void normal(float[] values, double std, Random random) {
        for (int k = 0; k < values.length; k++) values[k] = (float) (std * random.nextGaussian());
    }
}
