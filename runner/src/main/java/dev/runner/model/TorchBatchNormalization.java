package dev.runner.model;

import java.util.Collection;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * DL4J's batch normalization, with weight decay on γ and β as PyTorch applies it. DL4J never regularizes a
 * batch-norm layer ("like biases, there are not many of them"), but PyTorch's {@code weight_decay} adds
 * {@code wd·p} to the gradient of every parameter, γ and β included. The running mean and variance stay
 * unregularized: in PyTorch they are buffers, moved only by their averaging rule. Its layers compute the batch
 * statistics through {@link ChannelsLastBatchNormHelper} (same numbers, faster with channels last).
 *
 * <p>Public with a no-argument constructor because DL4J's JSON names the class to rebuild saved models.
 */
public class TorchBatchNormalization extends BatchNormalization {

    public TorchBatchNormalization() {
        super();
    }

    TorchBatchNormalization(double eps, double decay) {
        super();
        setEps(eps);
        setDecay(decay);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
            int layerIndex, INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        Layer layer = super.instantiate(conf, trainingListeners, layerIndex, layerParamsView, initializeParams,
                networkDataType);
        ChannelsLastBatchNormHelper.install((org.deeplearning4j.nn.layers.normalization.BatchNormalization) layer);
        return layer;
    }

    @Override
    public List<Regularization> getRegularizationByParam(String paramName) {
        return switch (paramName) {
            case BatchNormalizationParamInitializer.GAMMA -> getRegularization();
            case BatchNormalizationParamInitializer.BETA -> getRegularizationBias();
            default -> null;
        };
    }
}
