package dev.runner.model;

import dev.runner.config.InvalidExperimentException;
import dev.runner.config.LayerSpec;
import dev.runner.config.LoadedExperiment;
import java.util.List;

/**
 * The most layers with parameters (conv2d, dense, batchnorm) a model may have. DL4J's updater, at every training
 * step, makes views of the whole network's parameters and gradients for each parameter of each layer, and each view
 * costs more the more there are: the time per step grows with the square of that number. Measured on 2 cores with
 * 300 MNIST images, 1 epoch of 10 steps, a flatten then N dense layers of 16 units: 50 layers 1.2 s, 100 5.3 s,
 * 200 16 s, 400 102 s (500: 294 s on a busier machine); 5,000 would take days for those 300 images. Layers
 * without parameters cost nothing of the kind (5,000 relu layers: 8.8 s), so they are not counted.
 */
final class LayerLimit {
    static final int MAX_LAYERS_WITH_PARAMETERS = 100;

    private LayerLimit() {
    }

    static void check(LoadedExperiment experiment, List<LayerSpec> layers) throws InvalidExperimentException {
        int withParameters = 0;
        for (LayerSpec layer : layers) {
            if (hasParameters(layer)) withParameters++;
        }
        if (withParameters <= MAX_LAYERS_WITH_PARAMETERS) return;
        int seen = 0;
        for (int i = 0; i < layers.size(); i++) {
            if (hasParameters(layers.get(i)) && ++seen == MAX_LAYERS_WITH_PARAMETERS + 1) {
                throw experiment.problemAt("model.layers[" + i + "]", "the model has " + withParameters
                        + " layers with parameters (conv2d, dense, batchnorm); at most " + MAX_LAYERS_WITH_PARAMETERS
                        + " are supported, and this is number " + (MAX_LAYERS_WITH_PARAMETERS + 1) + ": DL4J's "
                        + "time per training step grows with the square of that number (100 such layers: 0.5 s a "
                        + "step of 32 images; 400: 10 s), so a deeper model would not finish; layers without "
                        + "parameters (relu, dropout, pooling, flatten) are not limited");
            }
        }
    }

    private static boolean hasParameters(LayerSpec layer) {
        return layer instanceof LayerSpec.Conv2d || layer instanceof LayerSpec.Dense
                || layer instanceof LayerSpec.BatchNorm;
    }
}
