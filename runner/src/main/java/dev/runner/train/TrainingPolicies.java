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

    /**
     * What the policies remember between epochs, for a resumed run to go on with: the best epoch's number (null
     * without {@code checkpoint:}; after an epoch, there always is one with it) and early stopping's tracker (null
     * without {@code early_stopping:}).
     */
    public record Trackers(Integer bestEpoch, EarlyStoppingListener.Tracker earlyStopping) {
    }

    public Trackers trackers() {
        return new Trackers(best == null || best.best() == null ? null : best.best().epoch(),
                earlyStopping == null ? null : earlyStopping.tracker());
    }

    /**
     * Sets the trackers back to where a run stopped; {@code history} holds that run's epochs, the best among them.
     *
     * @throws IllegalArgumentException when the trackers do not fit this experiment's policies or the history
     */
    public void restore(Trackers trackers, List<EpochMetrics> history) {
        if ((best == null) != (trackers.bestEpoch() == null)) {
            throw new IllegalArgumentException(best == null ? "a best epoch is saved, but the experiment has no "
                    + "checkpoint:" : "the experiment has checkpoint:, but no best epoch is saved");
        }
        if ((earlyStopping == null) != (trackers.earlyStopping() == null)) {
            throw new IllegalArgumentException(earlyStopping == null ? "an early-stopping tracker is saved, but the "
                    + "experiment has no early_stopping:" : "the experiment has early_stopping:, but no tracker is "
                    + "saved");
        }
        if (best != null) {
            int epoch = trackers.bestEpoch();
            if (epoch < 1 || epoch > history.size()) {
                throw new IllegalArgumentException("best epoch " + epoch + " is not among the " + history.size()
                        + " epochs saved");
            }
            best.restore(history.get(epoch - 1));
        }
        if (earlyStopping != null) earlyStopping.restore(trackers.earlyStopping());
    }

    /** The best epoch by the checkpoint monitor; null without {@code checkpoint:}. */
    public EpochMetrics bestEpoch() {
        return best == null ? null : best.best();
    }
}
