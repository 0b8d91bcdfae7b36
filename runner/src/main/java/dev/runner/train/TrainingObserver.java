package dev.runner.train;

import dev.runner.config.EarlyStoppingSpec;
import java.util.List;

/**
 * Watches a training run from outside the loop: progress display, metric files, records, the checkpoint file. The
 * loop tells it of epochs and batches; the {@link EpochListener}s tell it what they decided. None of it receives the
 * network: an observer that needs it (the checkpoint writer) is given it when it is made.
 */
public interface TrainingObserver {

    default void onEpochStart(int epoch, int epochs, int batches) {
    }

    default void onBatch(int epoch, int batch, double loss) {
    }

    default void onEpochEnd(EpochMetrics metrics) {
    }

    /**
     * Called after {@link #onEpochEnd} when the epoch is the best so far by the experiment's {@code checkpoint:}
     * monitor; the network still holds that epoch's parameters during the call.
     */
    default void onNewBest(EpochMetrics metrics, String monitor) {
    }

    /** Called when early stopping ends training after {@code epoch}. */
    default void onEarlyStop(int epoch, EarlyStoppingSpec rule) {
    }

    /** One observer that tells each of {@code observers}, in order. */
    static TrainingObserver all(List<? extends TrainingObserver> observers) {
        List<TrainingObserver> each = List.copyOf(observers);
        return new TrainingObserver() {
            @Override
            public void onEpochStart(int epoch, int epochs, int batches) {
                for (TrainingObserver o : each) o.onEpochStart(epoch, epochs, batches);
            }

            @Override
            public void onBatch(int epoch, int batch, double loss) {
                for (TrainingObserver o : each) o.onBatch(epoch, batch, loss);
            }

            @Override
            public void onEpochEnd(EpochMetrics metrics) {
                for (TrainingObserver o : each) o.onEpochEnd(metrics);
            }

            @Override
            public void onNewBest(EpochMetrics metrics, String monitor) {
                for (TrainingObserver o : each) o.onNewBest(metrics, monitor);
            }

            @Override
            public void onEarlyStop(int epoch, EarlyStoppingSpec rule) {
                for (TrainingObserver o : each) o.onEarlyStop(epoch, rule);
            }
        };
    }
}
