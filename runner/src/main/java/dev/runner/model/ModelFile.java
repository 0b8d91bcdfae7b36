package dev.runner.model;

import dev.runner.model.updater.TorchAdam;
import dev.runner.model.updater.TorchSgd;
import dev.runner.util.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * A trained network as a run leaves it, {@code model.zip} and {@code best_model.zip}: a file for inference that stock
 * DL4J reads with nothing of the runner on its class path.
 *
 * <p>The network that trains uses the runner's classes for PyTorch's training semantics: {@link TorchSgd} and
 * {@link TorchAdam} (update rules) and {@link TorchBatchNormalization} (weight decay on γ and β). Those are
 * training-time behaviour: they do not change what the network computes. So the file gets a copy of the
 * configuration in DL4J's own classes, with the same parameters, hyperparameters and layer order, and the trained
 * parameters (batch norm's running mean and variance included) copied as they are.
 *
 * <p>The file carries no updater state. DL4J has no class with the runner's update rules: its {@code Nesterovs} is
 * always Nesterov (PyTorch's default SGD momentum is heavy-ball) and keeps −lr·v where PyTorch keeps v, and its
 * {@code Adam} puts ε elsewhere. Moments saved under a stock class would invite continuing training with a rule that
 * is not the run's; what continuing a run needs belongs to the run's resume state, not to this file. The updater
 * written in the configuration is the stock one closest in meaning, with the same hyperparameters, for a reader to see.
 */
public final class ModelFile {
    private ModelFile() {
    }

    /** Written beside and moved into place, so that a run killed mid-write leaves the previous file intact. */
    public static void write(MultiLayerNetwork network, Path file) {
        try {
            AtomicFiles.write(file, partial -> ModelSerializer.writeModel(stock(network), partial.toFile(), false));
        } catch (IOException e) {
            // AtomicFiles' message already names the file and why
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /**
     * The same network in stock DL4J classes, with a copy of {@code network}'s parameters: the same layers in the same
     * order with the same parameter initialisers, so the flat parameter vector has the same layout.
     */
    public static MultiLayerNetwork stock(MultiLayerNetwork network) {
        MultiLayerNetwork stock = new MultiLayerNetwork(stockConfiguration(network.getLayerWiseConfigurations()));
        stock.init(network.params(), true);
        return stock;
    }

    /** A copy of {@code trained} in DL4J's own classes; {@code trained} itself is left as it is. */
    public static MultiLayerConfiguration stockConfiguration(MultiLayerConfiguration trained) {
        MultiLayerConfiguration conf = trained.clone();
        for (NeuralNetConfiguration layerConf : conf.getConfs()) {
            Layer layer = stockLayer(layerConf.getLayer());
            if (layer instanceof BaseLayer b) {
                b.setIUpdater(stockUpdater(b.getIUpdater()));
                b.setBiasUpdater(stockUpdater(b.getBiasUpdater()));
            }
            // Label smoothing changes only the targets training compares against; inference never calls the loss.
            if (layer instanceof BaseOutputLayer o && o.getLossFn() instanceof SmoothedCrossEntropy) {
                o.setLossFn(new LossMCXENT());
            }
            layerConf.setLayer(layer);
        }
        String json = conf.toJson();
        int runnerClass = json.indexOf("\"dev.runner.");
        if (runnerClass >= 0) {
            // A runner class in the file would make it unreadable for stock DL4J: fail the write, not the reader.
            throw new IllegalStateException("the model file would name a runner class: "
                    + json.substring(runnerClass, json.indexOf('"', runnerClass + 1) + 1));
        }
        return conf;
    }

    /**
     * DL4J's {@link BatchNormalization} for the runner's, which differs only in regularizing γ and β while training
     * and has no fields of its own: the same JSON under the stock class name, so every setting (eps, decay, its
     * parameterisation of the variance, data format, ...) is carried over, including any added later.
     */
    static Layer stockLayer(Layer layer) {
        if (!(layer instanceof TorchBatchNormalization)) return layer;
        ObjectMapper mapper = NeuralNetConfiguration.mapper();
        ObjectNode json = mapper.valueToTree(layer);
        json.put("@class", BatchNormalization.class.getName());
        try {
            return mapper.treeToValue(json, Layer.class);
        } catch (IOException e) {
            throw new IllegalStateException("batch norm does not convert to DL4J's own class: " + e.getMessage(), e);
        }
    }

    /**
     * The stock updater closest to the runner's, with its hyperparameters. SGD with momentum becomes Nesterovs, DL4J's
     * only momentum updater, also for PyTorch's heavy-ball momentum: the learning rate and momentum are what a reader
     * needs; the rule is the training's business (see the class comment).
     */
    static IUpdater stockUpdater(IUpdater updater) {
        if (updater instanceof TorchAdam a) {
            return new Adam(a.getLearningRate(), a.getBeta1(), a.getBeta2(), a.getEpsilon());
        }
        if (updater instanceof TorchSgd s) {
            return s.getMomentum() == 0 ? new Sgd(s.getLearningRate())
                    : new Nesterovs(s.getLearningRate(), s.getMomentum());
        }
        return updater;
    }
}
