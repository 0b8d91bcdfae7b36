package dev.runner.model.updater;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Sets the learning rate of a network's runner updaters between steps. DL4J's updater blocks hold the very
 * {@link IUpdater} objects of the layer configurations and read their rate at every step (the decoupled weight decay
 * of AdamW reads it too), so changing it there takes effect at the next {@code fit}; the updater state is untouched.
 * DL4J's own {@code NetworkUtils.setLearningRate} also rebuilds the whole updater, which is needless here because
 * a rate change never changes how parameters are grouped into blocks (every layer gets the same rate).
 */
public final class LearningRates {
    private LearningRates() {
    }

    public static void set(MultiLayerNetwork network, double lr) {
        for (Layer layer : network.getLayers()) {
            if (layer.conf().getLayer() instanceof BaseLayer b) {
                set(b.getIUpdater(), lr);
                set(b.getBiasUpdater(), lr);
            }
        }
    }

    private static void set(IUpdater updater, double lr) {
        if (updater instanceof FixedRateUpdater f) f.setLearningRate(lr);
    }
}
