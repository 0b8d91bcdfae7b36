package dev.runner.config;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;

/**
 * The loss: its kind and, for {@code cross_entropy}, PyTorch's {@code label_smoothing} ε:
 * {@code (1−ε)·NLL + ε·mean_k(−log p_k)}, which is cross-entropy against the targets {@code (1−ε)·y + ε/K}.
 * Written {@code loss: cross_entropy} or {@code loss: {cross_entropy: {label_smoothing: 0.1}}}.
 */
public record LossSpec(@NotNull LossKind kind,
                       @DecimalMin(value = "0", message = "must be in [0, 1)")
                       @DecimalMax(value = "1", inclusive = false, message = "must be in [0, 1)")
                       double labelSmoothing) {

    public static LossSpec of(LossKind kind) {
        return new LossSpec(kind, 0);
    }
}
