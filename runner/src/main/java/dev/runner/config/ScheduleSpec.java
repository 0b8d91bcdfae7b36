package dev.runner.config;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.List;

/**
 * One kind of learning-rate schedule, with {@code torch.optim.lr_scheduler}'s semantics. Epoch schedules are
 * stepped after each epoch (epoch index e counts from 0, so the first epoch trains at the optimizer's lr);
 * {@code onecycle} is stepped after each batch.
 */
public sealed interface ScheduleSpec {

    String kind();

    /** {@code StepLR}: lr·γ^⌊e / step_size⌋. */
    record Step(@Positive(message = "must be a positive whole number") int stepSize,
                @Positive(message = "must be a positive number") double gamma) implements ScheduleSpec {
        @Override
        public String kind() {
            return "step";
        }
    }

    /** {@code MultiStepLR}: lr·γ^(number of milestones ≤ e); milestones positive and strictly increasing (the mapper checks). */
    record MultiStep(@NotNull List<Integer> milestones,
                     @Positive(message = "must be a positive number") double gamma) implements ScheduleSpec {
        public MultiStep {
            milestones = List.copyOf(milestones);
        }

        @Override
        public String kind() {
            return "multistep";
        }
    }

    /** {@code ExponentialLR}: lr·γ^e. */
    record Exponential(@Positive(message = "must be a positive number") double gamma) implements ScheduleSpec {
        @Override
        public String kind() {
            return "exponential";
        }
    }

    /** {@code CosineAnnealingLR}'s closed form: η_min + (lr − η_min)·(1 + cos(π·e / T_max)) / 2. */
    record Cosine(@Positive(message = "must be a positive whole number") int tMax,
                  @PositiveOrZero(message = "must be 0 or a positive number") double etaMin) implements ScheduleSpec {
        @Override
        public String kind() {
            return "cosine";
        }
    }

    /**
     * {@code OneCycleLR} over {@code epochs × batches per epoch} steps, stepped per batch, without momentum cycling
     * ({@code cycle_momentum=False}). It sets the rate on its own: it starts at {@code max_lr / div_factor} whatever
     * the optimizer's lr.
     */
    record OneCycle(@Positive(message = "must be a positive number") double maxLr,
                    @DecimalMin(value = "0", inclusive = false, message = "must be in (0, 1)")
                    @DecimalMax(value = "1", inclusive = false, message = "must be in (0, 1)") double pctStart,
                    @Positive(message = "must be a positive number") double divFactor,
                    @Positive(message = "must be a positive number") double finalDivFactor,
                    @NotNull Anneal annealStrategy,
                    boolean threePhase) implements ScheduleSpec {
        public static final double DEFAULT_PCT_START = 0.3;
        public static final double DEFAULT_DIV_FACTOR = 25;
        public static final double DEFAULT_FINAL_DIV_FACTOR = 1e4;

        @Override
        public String kind() {
            return "onecycle";
        }
    }

    /** {@code OneCycleLR}'s {@code anneal_strategy}. */
    enum Anneal implements Named {
        COS("cos"),
        LINEAR("linear");

        private final String yamlName;

        Anneal(String yamlName) {
            this.yamlName = yamlName;
        }

        @Override
        public String yamlName() {
            return yamlName;
        }
    }
}
