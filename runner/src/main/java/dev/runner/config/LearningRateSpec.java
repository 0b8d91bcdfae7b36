package dev.runner.config;

import jakarta.validation.Valid;

/**
 * The top-level {@code schedule:}: at most one schedule kind and an optional warm-up. {@code schedule} is null for
 * a constant rate (after the warm-up, if any); {@code warmup} is null without one.
 */
public record LearningRateSpec(@Valid ScheduleSpec schedule, @Valid WarmupSpec warmup) {
    public static final LearningRateSpec CONSTANT = new LearningRateSpec(null, null);

    public boolean isConstant() {
        return schedule == null && warmup == null;
    }
}
