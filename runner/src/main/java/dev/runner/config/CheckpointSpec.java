package dev.runner.config;

import jakarta.validation.constraints.NotNull;

/**
 * {@code checkpoint:}: keep the model of the best epoch by a monitored metric (as the lecture notebooks save the
 * state_dict whenever validation improves). The first epoch is best until a later one is strictly better.
 *
 * @param monitor a metric column of metrics.csv: train_*, val_* or an evaluation set's; never the test set's
 */
public record CheckpointSpec(@NotNull String monitor, @NotNull MonitorMode mode) {
}
