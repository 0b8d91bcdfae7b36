package dev.runner.model;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A built and initialised network, its summary, and which DL4J layer carries the parameters of each experiment
 * layer ({@code -1} for layers that compile to nothing, such as {@code flatten}).
 */
public record CompiledModel(MultiLayerNetwork network, ModelSummary summary, List<Integer> dl4jLayerOf) {
    public CompiledModel {
        dl4jLayerOf = List.copyOf(dl4jLayerOf);
    }
}
