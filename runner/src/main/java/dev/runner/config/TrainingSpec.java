package dev.runner.config;

import jakarta.validation.constraints.Positive;

public record TrainingSpec(@Positive(message = "must be a positive integer") int epochs,
                           @Positive(message = "must be a positive integer") int batchSize,
                           @Positive(message = "must be a positive integer") int evalBatchSize) {
}
