package dev.runner.run;

import dev.runner.train.EpochMetrics;
import dev.runner.train.TrainingObserver;
import dev.runner.util.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Keeps the model of each new best epoch ({@code checkpoint:}) as {@code best_model.zip}, updater state included.
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
        try {
            AtomicFiles.write(file, partial -> ModelSerializer.writeModel(network, partial.toFile(), true));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
