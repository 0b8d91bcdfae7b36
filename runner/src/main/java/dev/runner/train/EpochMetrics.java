package dev.runner.train;

/**
 * What one epoch measured. Validation values are {@code NaN} when the run has no validation split. Throughput is
 * training images per second over the epoch's training steps; evaluation throughput covers the validation and test
 * passes after it.
 */
public record EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double valLoss, double valAccuracy,
                           double testLoss, double testAccuracy, double learningRate, double epochSeconds,
                           double imagesPerSecond, double evalImagesPerSecond) {
}
