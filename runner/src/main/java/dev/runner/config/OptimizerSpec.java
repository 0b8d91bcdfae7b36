package dev.runner.config;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/** The optimizer, with PyTorch's update rules and defaults. */
public sealed interface OptimizerSpec {

    String kind();

    double lr();

    double weightDecay();

    /** PyTorch's SGD: heavy-ball momentum v ← μv + g, p ← p − lr·v; Nesterov uses g + μv. */
    record Sgd(@Positive(message = "must be a positive number") double lr,
               @DecimalMin(value = "0", message = "must be in [0, 1)")
               @DecimalMax(value = "1", inclusive = false, message = "must be in [0, 1)") double momentum,
               boolean nesterov,
               @PositiveOrZero(message = "must be 0 or a positive number") double weightDecay) implements OptimizerSpec {
        @Override
        public String kind() {
            return "sgd";
        }
    }

    /** PyTorch's Adam (not AdamW): weight decay is added to the gradient. */
    record Adam(@Positive(message = "must be a positive number") double lr,
                @DecimalMin(value = "0", message = "must be in [0, 1)")
                @DecimalMax(value = "1", inclusive = false, message = "must be in [0, 1)") double beta1,
                @DecimalMin(value = "0", message = "must be in [0, 1)")
                @DecimalMax(value = "1", inclusive = false, message = "must be in [0, 1)") double beta2,
                @Positive(message = "must be a positive number") double eps,
                @PositiveOrZero(message = "must be 0 or a positive number") double weightDecay) implements OptimizerSpec {
        @Override
        public String kind() {
            return "adam";
        }
    }

    /**
     * PyTorch's AdamW: decoupled weight decay, p ← p − lr·wd·p, then the Adam step on the gradient alone.
     * {@code weight_decay} defaults to 0.01, as {@code torch.optim.AdamW}.
     */
    record AdamW(@Positive(message = "must be a positive number") double lr,
                 @DecimalMin(value = "0", message = "must be in [0, 1)")
                 @DecimalMax(value = "1", inclusive = false, message = "must be in [0, 1)") double beta1,
                 @DecimalMin(value = "0", message = "must be in [0, 1)")
                 @DecimalMax(value = "1", inclusive = false, message = "must be in [0, 1)") double beta2,
                 @Positive(message = "must be a positive number") double eps,
                 @PositiveOrZero(message = "must be 0 or a positive number") double weightDecay)
            implements OptimizerSpec {
        /** {@code torch.optim.AdamW}'s default. */
        public static final double DEFAULT_WEIGHT_DECAY = 0.01;

        @Override
        public String kind() {
            return "adamw";
        }
    }
}
