package dev.runner.train;

/** Watches a training run from outside the loop: progress display, metric files, records. */
public interface TrainingObserver {

    default void onEpochStart(int epoch, int epochs, int batches) {
    }

    default void onBatch(int epoch, int batch, double loss) {
    }

    default void onEpochEnd(EpochMetrics metrics) {
    }
}
