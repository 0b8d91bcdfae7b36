package dev.runner.train;

import dev.runner.config.CheckpointSpec;
import dev.runner.config.MonitorMode;

/**
 * Which epoch is best so far by one monitored metric ({@code checkpoint:}); observers hear of each new best and keep
 * the model. The first epoch is best until a later one is strictly better; a NaN (a diverged loss) is never better,
 * so a checkpoint is never a broken model when a sound one came before. It never stops training.
 */
public final class BestEpochListener implements EpochListener {
    private final String monitor;
    private final MonitorMode mode;
    private EpochMetrics best;

    public BestEpochListener(String monitor, MonitorMode mode) {
        this.monitor = monitor;
        this.mode = mode;
    }

    public BestEpochListener(CheckpointSpec checkpoint) {
        this(checkpoint.monitor(), checkpoint.mode());
    }

    @Override
    public Decision afterEpoch(EpochMetrics metrics, int epochs, TrainingObserver observers) {
        if (offer(metrics)) observers.onNewBest(metrics, monitor);
        return Decision.CONTINUE;
    }

    /** Whether {@code m} is the new best. */
    boolean offer(EpochMetrics m) {
        double v = m.value(monitor);
        if (best != null) {
            double b = best.value(monitor);
            boolean better = Double.isNaN(b) ? !Double.isNaN(v) : mode == MonitorMode.MIN ? v < b : v > b;
            if (!better) return false;
        }
        best = m;
        return true;
    }

    /** The best epoch so far; null before the first. */
    public EpochMetrics best() {
        return best;
    }

    /** Continues a resumed run: {@code best} was the best of the epochs before it stopped (null: none yet). */
    public void restore(EpochMetrics best) {
        this.best = best;
    }
}
