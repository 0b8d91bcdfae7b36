package dev.runner.config;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * {@code early_stopping:}: stop when the monitored metric has not improved by more than {@code minDelta} for
 * {@code patience} epochs in a row (Keras' and Lightning's rule: with patience 3 and the best epoch 2, training stops
 * after epoch 5).
 */
public record EarlyStoppingSpec(@NotNull String monitor,
                                @Positive(message = "must be a positive integer") int patience,
                                @NotNull MonitorMode mode,
                                @DecimalMin(value = "0", message = "must be 0 or more") double minDelta) {
}
