package dev.runner.train;

import dev.runner.config.ExperimentSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The listeners an experiment asks for: {@code checkpoint:} gives a {@link BestEpochListener}, {@code early_stopping:}
 * an {@link EarlyStoppingListener}; either is null when the experiment has no such section. The best epoch is decided
 * before early stopping looks at the same epoch, so the epoch training stops after can still be the best.
 */
public record TrainingPolicies(BestEpochListener best, EarlyStoppingListener earlyStopping) {

    public static TrainingPolicies of(ExperimentSpec spec) {
        return new TrainingPolicies(spec.checkpoint() == null ? null : new BestEpochListener(spec.checkpoint()),
                spec.earlyStopping() == null ? null : new EarlyStoppingListener(spec.earlyStopping()));
    }

    /** The listeners, in the order the loop consults them. */
    public List<EpochListener> listeners() {
        List<EpochListener> out = new ArrayList<>();
        if (best != null) out.add(best);
        if (earlyStopping != null) out.add(earlyStopping);
        return out;
    }

    /** The best epoch by the checkpoint monitor; null without {@code checkpoint:}. */
    public EpochMetrics bestEpoch() {
        return best == null ? null : best.best();
    }
}
