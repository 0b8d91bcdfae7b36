package dev.runner.train;

import dev.runner.config.EarlyStoppingSpec;
import dev.runner.config.MonitorMode;
import org.deeplearning4j.earlystopping.termination.ScoreImprovementEpochTerminationCondition;

/**
 * Ends training when the monitor of {@code early_stopping:} has not improved by more than {@code min_delta} for
 * {@code patience} epochs since its best, by DL4J's own patience rule
 * ({@link ScoreImprovementEpochTerminationCondition}): the first epoch sets the best, a later one replaces it only
 * when it improves on it by more than {@code min_delta}, and training ends after epoch {@code best + patience}. A NaN
 * never improves. After the last epoch there is nothing left to stop, so the rule is not consulted.
 */
public final class EarlyStoppingListener implements EpochListener {
    private final EarlyStoppingSpec rule;
    private final ScoreImprovementEpochTerminationCondition condition;
    private Integer stoppedAfter;

    public EarlyStoppingListener(EarlyStoppingSpec rule) {
        this.rule = rule;
        this.condition = new ScoreImprovementEpochTerminationCondition(rule.patience(), rule.minDelta());
        condition.initialize();
    }

    @Override
    public Decision afterEpoch(EpochMetrics metrics, int epochs, TrainingObserver observers) {
        int epoch = metrics.epoch();
        if (epoch < epochs && condition.terminate(epoch, metrics.value(rule.monitor()),
                rule.mode() == MonitorMode.MIN)) {
            stoppedAfter = epoch;
            observers.onEarlyStop(epoch, rule);
            return Decision.STOP;
        }
        return Decision.CONTINUE;
    }

    /**
     * What the patience rule remembers between epochs: its best epoch and that epoch's value of the monitor, as DL4J's
     * condition keeps them (epoch -1 before the first; the score may be NaN or infinite, as the monitor was).
     */
    public record Tracker(int bestEpoch, double bestScore) {
    }

    public Tracker tracker() {
        return new Tracker(condition.getBestEpoch(), condition.getBestScore());
    }

    /** Continues a resumed run from the tracker it had when it stopped. */
    public void restore(Tracker tracker) {
        condition.setBestEpoch(tracker.bestEpoch());
        condition.setBestScore(tracker.bestScore());
    }

    /** The epoch after which this listener ended training; null while it has not. */
    public Integer stoppedAfter() {
        return stoppedAfter;
    }
}
