package dev.runner.archfixture.config;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** Breaks the DL4J rule on purpose: ArchitectureTest checks that the rule notices. */
public final class ImportsDl4j {
    private MultiLayerNetwork network;

    public MultiLayerNetwork network() {
        return network;
    }
}
