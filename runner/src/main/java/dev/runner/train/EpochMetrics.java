package dev.runner.train;

import dev.runner.config.EvaluationSetSpec;
import java.util.List;

/**
 * What one epoch measured. Validation values are {@code NaN} when the run has no validation split. Throughput is
 * training images per second over the epoch's training steps; evaluation throughput covers the validation, test and
 * extra evaluation passes after it. {@code extra} holds the extra evaluation sets, in the file's order.
 */
public record EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double valLoss, double valAccuracy,
                           double testLoss, double testAccuracy, double learningRate, double epochSeconds,
                           double imagesPerSecond, double evalImagesPerSecond, List<SetMetrics> extra) {

    /** Loss and accuracy on one extra evaluation set. */
    public record SetMetrics(String name, double loss, double accuracy) {
    }

    public EpochMetrics {
        extra = List.copyOf(extra);
    }

    /** An epoch of a run without extra evaluation sets. */
    public EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double valLoss, double valAccuracy,
                        double testLoss, double testAccuracy, double learningRate, double epochSeconds,
                        double imagesPerSecond, double evalImagesPerSecond) {
        this(epoch, trainLoss, trainAccuracy, valLoss, valAccuracy, testLoss, testAccuracy, learningRate,
                epochSeconds, imagesPerSecond, evalImagesPerSecond, List.of());
    }

    /**
     * A metric by its metrics.csv column name ({@code val_loss}, {@code rotated_test_accuracy}...), as checkpoint and
     * early stopping monitor it.
     */
    public double value(String metric) {
        switch (metric) {
            case "train_loss": return trainLoss;
            case "train_accuracy": return trainAccuracy;
            case "val_loss": return valLoss;
            case "val_accuracy": return valAccuracy;
            case "test_loss": return testLoss;
            case "test_accuracy": return testAccuracy;
            default:
                for (SetMetrics s : extra) {
                    if (metric.equals(EvaluationSetSpec.lossColumn(s.name()))) return s.loss();
                    if (metric.equals(EvaluationSetSpec.accuracyColumn(s.name()))) return s.accuracy();
                }
                throw new IllegalArgumentException("no metric '" + metric + "' in epoch " + epoch);
        }
    }
}
