package dev.runner.train;

/** What one epoch measured. Validation values are {@code NaN} when the run has no validation split. */
public record EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double valLoss, double valAccuracy,
                           double testLoss, double testAccuracy, double learningRate, double epochSeconds,
                           double imagesPerSecond) {
}
