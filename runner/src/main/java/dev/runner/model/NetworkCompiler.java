package dev.runner.model;

import dev.runner.config.ExperimentSpec;
import dev.runner.config.LayerSpec;
import dev.runner.config.LossSpec;
import dev.runner.config.OptimizerSpec;
import dev.runner.config.Reproducibility;
import dev.runner.data.DatasetInfo;
import dev.runner.model.updater.TorchAdam;
import dev.runner.model.updater.TorchSgd;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Compiles an experiment's model into a DL4J {@link MultiLayerNetwork} with PyTorch's semantics.
 *
 * <p>The loss is attached the way PyTorch computes it: {@code cross_entropy} is softmax + NLL on the last layer's
 * output, so a final {@code dense} becomes an {@code OutputLayer(MCXENT, SOFTMAX)}; anything else (a softmax
 * written explicitly, as one lecture notebook does) keeps its layers and gets a {@code LossLayer(MCXENT, SOFTMAX)}
 * after them. {@code dense → log_softmax} with {@code nll} (or with {@code cross_entropy}) is the same function as
 * cross-entropy on the dense output, so it compiles to the same output layer.
 */
public final class NetworkCompiler {

    /**
     * Feature maps are laid out channels-last. For plain NCHW, oneDNN (which runs DL4J's convolution and pooling
     * helpers) falls back to its reference pooling kernel, which took half of the JumpML CNN's training step; for
     * NHWC it has JIT kernels: measured 1.5× faster training on that CNN and 1.1× on LeNet, 2× faster inference
     * (bench/README.md). The one visible consequence is that {@code flatten} orders features height, width, channel
     * rather than PyTorch's channel, height, width: a fixed permutation of the next dense layer's inputs, which
     * changes nothing about what the network can learn nor the distribution of its initial weights.
     */
    public static final CNN2DFormat LAYOUT = CNN2DFormat.NHWC;

    public CompiledModel compile(ExperimentSpec spec, ModelSummary summary, long initSeed, long networkSeed) {
        LossSpec loss = spec.loss();
        DatasetInfo dataset = DatasetInfo.of(spec.dataset().name());
        List<LayerSpec> layers = new ArrayList<>(spec.model().layers());
        // A final log_softmax (which validation allows only last) folds into the loss. With nll that is the
        // definition; with cross_entropy it is exact too: softmax ignores the shift log_softmax subtracts, so
        // cross-entropy of log-probabilities equals cross-entropy of the logits, as in PyTorch.
        LayerSpec last = layers.get(layers.size() - 1);
        if (last instanceof LayerSpec.ActivationLayer a && a.activation() == LayerSpec.Activation.LOG_SOFTMAX) {
            layers.remove(layers.size() - 1);
        } else if (last instanceof LayerSpec.Dense d && d.activation() == LayerSpec.Activation.LOG_SOFTMAX) {
            layers.set(layers.size() - 1, new LayerSpec.Dense(d.units(), LayerSpec.Activation.NONE, d.bias(),
                    d.init()));
        }
        NeuralNetConfiguration.Builder builder = new NeuralNetConfiguration.Builder()
                .seed(networkSeed)
                .dataType(DataType.FLOAT)
                .updater(updater(spec.optimizer()))
                .weightInit(WeightInit.ZERO)
                .convolutionMode(ConvolutionMode.Truncate)
                // keeps each convolution's forward output for its backward pass, which would otherwise recompute it
                .cacheMode(CacheMode.DEVICE)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED);
        double wd = spec.optimizer().weightDecay();
        boolean decoupled = spec.optimizer() instanceof OptimizerSpec.AdamW && wd > 0;
        if (wd > 0 && !decoupled) {
            // PyTorch adds weight_decay·p to every parameter's gradient, biases included: DL4J's L2 does exactly that
            // (and TorchBatchNormalization extends it to batch-norm γ and β, which DL4J would leave out).
            builder.l2(wd).l2Bias(wd);
        }
        NeuralNetConfiguration.ListBuilder list = builder.list();
        List<Integer> dl4jLayerOf = new ArrayList<>();
        int next = 0;
        LayerShape pendingFlatten = null;
        boolean endsInOutputLayer = false;
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec layer = layers.get(i);
            LayerShape in = i == 0 ? summary.input() : summary.rows().get(i - 1).output();
            if (layer instanceof LayerSpec.Flatten) {
                if (in.map()) pendingFlatten = in;
                dl4jLayerOf.add(-1);
                continue;
            }
            Layer compiled;
            if (i == layers.size() - 1 && layer instanceof LayerSpec.Dense d
                    && d.activation() == LayerSpec.Activation.NONE) {
                compiled = new OutputLayer.Builder(lossFunction(loss)).nOut(d.units()).hasBias(d.bias())
                        .activation(Activation.SOFTMAX).build();
                endsInOutputLayer = true;
            } else {
                compiled = layer(layer);
            }
            pendingFlatten = flattenInto(list, next, pendingFlatten);
            list.layer(next, compiled);
            dl4jLayerOf.add(next++);
        }
        if (!endsInOutputLayer) {
            pendingFlatten = flattenInto(list, next, pendingFlatten);
            list.layer(next, new LossLayer.Builder(lossFunction(loss)).activation(Activation.SOFTMAX).build());
        }
        while (dl4jLayerOf.size() < spec.model().layers().size()) {
            dl4jLayerOf.add(-1); // the log_softmax folded into the loss
        }
        list.setInputType(InputType.convolutional(dataset.height(), dataset.width(), dataset.channels(), LAYOUT));
        MultiLayerConfiguration conf = list.build();
        if (decoupled) decayDecoupled(conf, wd);
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        installHelpers(network, spec.reproducibility());
        new ParameterInitializer().initialize(spec, summary, network, dl4jLayerOf, new Random(initSeed));
        return new CompiledModel(network, summary, dl4jLayerOf);
    }

    /**
     * Puts the runner's layer helpers in place of DL4J's where they apply; {@link #compile} does it, and so must
     * anything that trains a network DL4J built from a file. Portable runs keep oneDNN's first-layer gradient: their
     * {@code params_sha256} is the one checked across machines.
     */
    public static void installHelpers(MultiLayerNetwork network, Reproducibility reproducibility) {
        if (reproducibility == Reproducibility.FAST) FirstConvolutionHelper.install(network);
    }

    /**
     * DL4J would flatten a map on its own before a dense layer, but not before batch norm or dropout, whose meaning
     * changes with the shape; so a {@code flatten} is made explicit at the next layer.
     */
    private static LayerShape flattenInto(NeuralNetConfiguration.ListBuilder list, int index, LayerShape map) {
        if (map != null) {
            list.inputPreProcessor(index,
                    new CnnToFeedForwardPreProcessor(map.height(), map.width(), map.channels(), LAYOUT));
        }
        return null;
    }

    private static Layer layer(LayerSpec layer) {
        if (layer instanceof LayerSpec.Conv2d c) {
            ConvolutionLayer.Builder b = new ConvolutionLayer.Builder().kernelSize(c.kernel(), c.kernel())
                    .stride(c.stride(), c.stride()).nOut(c.filters()).hasBias(c.bias())
                    .activation(Activation.IDENTITY).dataFormat(LAYOUT);
            if (c.padding().same()) {
                b.convolutionMode(ConvolutionMode.Same);
            } else {
                b.padding(c.padding().amount(), c.padding().amount()).convolutionMode(ConvolutionMode.Truncate);
            }
            return b.build();
        }
        if (layer instanceof LayerSpec.Pool p) {
            SubsamplingLayer.PoolingType type = p.pool() == LayerSpec.PoolKind.MAX ? SubsamplingLayer.PoolingType.MAX
                    : SubsamplingLayer.PoolingType.AVG;
            return new SubsamplingLayer.Builder(type).kernelSize(p.kernel(), p.kernel()).stride(p.stride(), p.stride())
                    .convolutionMode(ConvolutionMode.Truncate).dataFormat(LAYOUT).build();
        }
        if (layer instanceof LayerSpec.Dense d) {
            return new DenseLayer.Builder().nOut(d.units()).hasBias(d.bias()).activation(activation(d.activation()))
                    .build();
        }
        if (layer instanceof LayerSpec.Dropout d) {
            // DL4J's number is the probability of keeping a unit; ours, like PyTorch's, of dropping it.
            return new DropoutLayer.Builder(1.0 - d.rate()).build();
        }
        if (layer instanceof LayerSpec.BatchNorm b) {
            // PyTorch's momentum weighs the new batch; DL4J's decay weighs the running value.
            return new TorchBatchNormalization(b.eps(), 1.0 - b.momentum());
        }
        if (layer instanceof LayerSpec.ActivationLayer a) {
            return new ActivationLayer.Builder().activation(activation(a.activation())).build();
        }
        throw new IllegalArgumentException("no DL4J layer for " + layer.kind());
    }

    private static Activation activation(LayerSpec.Activation a) {
        return switch (a) {
            case NONE -> Activation.IDENTITY;
            case RELU -> Activation.RELU;
            case TANH -> Activation.TANH;
            case SIGMOID -> Activation.SIGMOID;
            case SOFTMAX -> Activation.SOFTMAX;
            // Only reachable as a non-final layer, which validation rejects.
            case LOG_SOFTMAX -> throw new IllegalArgumentException("log_softmax is only allowed last, with nll");
        };
    }

    /**
     * AdamW's decoupled decay, p ← p − lr·wd·p beside the Adam step: DL4J's WeightDecay with the learning rate
     * applied adds lr·wd·p to the update after the updater has run, on every parameter (batch-norm γ and β through
     * TorchBatchNormalization), as PyTorch. Set on each built layer: given to the network builder, DL4J's layer
     * validation appends a global WeightDecay to each layer's list a second time, decaying twice per step.
     */
    private static void decayDecoupled(MultiLayerConfiguration conf, double wd) {
        for (NeuralNetConfiguration layerConf : conf.getConfs()) {
            if (layerConf.getLayer() instanceof BaseLayer b) {
                b.setRegularization(new ArrayList<>(List.of(new WeightDecay(wd, true))));
                b.setRegularizationBias(new ArrayList<>(List.of(new WeightDecay(wd, true))));
            }
        }
    }

    /** Softmax cross-entropy, label-smoothed when asked (validation allows smoothing with cross_entropy only). */
    static LossMCXENT lossFunction(LossSpec loss) {
        return loss.labelSmoothing() == 0 ? new LossMCXENT() : new SmoothedCrossEntropy(loss.labelSmoothing());
    }

    /** The update rule; AdamW is Adam's, its decoupled weight decay being a regularization (see compile). */
    public static IUpdater updater(OptimizerSpec optimizer) {
        if (optimizer instanceof OptimizerSpec.Sgd s) {
            return new TorchSgd(s.lr(), s.momentum(), s.nesterov());
        }
        if (optimizer instanceof OptimizerSpec.AdamW a) {
            return new TorchAdam(a.lr(), a.beta1(), a.beta2(), a.eps());
        }
        OptimizerSpec.Adam a = (OptimizerSpec.Adam) optimizer;
        return new TorchAdam(a.lr(), a.beta1(), a.beta2(), a.eps());
    }
}
