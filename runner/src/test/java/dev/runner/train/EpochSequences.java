package dev.runner.train;

import dev.runner.config.EarlyStoppingSpec;
import java.util.ArrayList;
import java.util.List;

/** Epochs with chosen values of one metric, fed to a listener the way the loop feeds it, and what it did. */
final class EpochSequences {
    private EpochSequences() {
    }

    /** Epoch {@code i + 1} has {@code values[i]} as its validation loss and its test accuracy; the rest is fixed. */
    static List<EpochMetrics> of(double... values) {
        List<EpochMetrics> out = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            out.add(new EpochMetrics(i + 1, 1.0, 0.5, values[i], 0.5, 1.0, values[i], 0.01, 1, 100, 100));
        }
        return out;
    }

    /** What a listener told the observers and when it stopped, epoch by epoch. */
    record Heard(List<Integer> newBest, List<Integer> earlyStops, Integer stoppedAfter, int epochsRun) {
    }

    /** Feeds {@code epochs} to {@code listener} as the loop does, for a run set to {@code planned} epochs. */
    static Heard feed(EpochListener listener, List<EpochMetrics> epochs, int planned) {
        List<Integer> newBest = new ArrayList<>();
        List<Integer> stops = new ArrayList<>();
        TrainingObserver observer = new TrainingObserver() {
            @Override
            public void onNewBest(EpochMetrics metrics, String monitor) {
                newBest.add(metrics.epoch());
            }

            @Override
            public void onEarlyStop(int epoch, EarlyStoppingSpec rule) {
                stops.add(epoch);
            }
        };
        int run = 0;
        for (EpochMetrics m : epochs) {
            run++;
            if (listener.afterEpoch(m, planned, observer) == EpochListener.Decision.STOP) {
                return new Heard(newBest, stops, m.epoch(), run);
            }
        }
        return new Heard(newBest, stops, null, run);
    }
}
