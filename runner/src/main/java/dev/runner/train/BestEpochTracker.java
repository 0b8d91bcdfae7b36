package dev.runner.train;

import dev.runner.config.MonitorMode;

/**
 * Which epoch is best so far by one monitored metric. The first epoch is best until a later one is strictly better;
 * a NaN (a diverged loss) is never better, so a checkpoint is never a broken model when a sound one came before.
 */
final class BestEpochTracker {
    private final String monitor;
    private final MonitorMode mode;
    private EpochMetrics best;

    BestEpochTracker(String monitor, MonitorMode mode) {
        this.monitor = monitor;
        this.mode = mode;
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

    EpochMetrics best() {
        return best;
    }
}
