package dev.runner.run;

import dev.runner.model.ModelFile;
import dev.runner.train.EpochMetrics;
import dev.runner.train.TrainingObserver;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Keeps the model of each new best epoch ({@code checkpoint:}) as {@code best_model.zip}, written as {@code model.zip}
 * is (stock DL4J classes, no updater state: see {@link ModelFile}).
 * The one observer that holds the network: it saves it while it still has the best epoch's parameters.
 */
final class CheckpointWriter implements TrainingObserver {
    private final MultiLayerNetwork network;
    private final Path file;

    CheckpointWriter(MultiLayerNetwork network, Path file) {
        this.network = network;
        this.file = file;
    }

    @Override
    public void onNewBest(EpochMetrics metrics, String monitor) {
        writeModel(network, file);
    }

    /**
     * Written beside and moved into place, so that a run killed mid-write leaves the previous best intact (and never a
     * partial model.zip).
     */
    static void writeModel(MultiLayerNetwork network, Path file) {
        ModelFile.write(network, file);
    }
}
