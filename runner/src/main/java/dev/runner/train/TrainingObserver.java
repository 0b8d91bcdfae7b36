package dev.runner.train;

import dev.runner.config.EarlyStoppingSpec;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** Watches a training run from outside the loop: progress display, metric files, records. */
public interface TrainingObserver {

    default void onEpochStart(int epoch, int epochs, int batches) {
    }

    default void onBatch(int epoch, int batch, double loss) {
    }

    default void onEpochEnd(EpochMetrics metrics) {
    }

    /**
     * Called after {@link #onEpochEnd} when the epoch is the best so far by the experiment's {@code checkpoint:}
     * monitor; {@code network} holds that epoch's parameters only during the call.
     */
    default void onNewBest(EpochMetrics metrics, String monitor, MultiLayerNetwork network) {
    }

    /** Called when early stopping ends training after {@code epoch}. */
    default void onEarlyStop(int epoch, EarlyStoppingSpec rule) {
    }
}
