package dev.runner.sweep;

import dev.runner.run.ExperimentRun;
import dev.runner.train.EpochMetrics;
import dev.runner.train.TrainingObserver;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A point's side of successive halving: at the end of each rung epoch it records the point's {@code rank_by} in the
 * sweep folder and stops training unless the point is in the rung's top {@code 1/reduction_factor}.
 */
final class PruningListener implements ExperimentRun.Pruner {
    private final SuccessiveHalving rule;
    private final Path sweepDir;
    private final String pointId;
    private final PrintWriter log;
    private boolean pruned;

    PruningListener(SuccessiveHalving rule, Path sweepDir, String pointId, PrintWriter log) {
        this.rule = rule;
        this.sweepDir = sweepDir;
        this.pointId = pointId;
        this.log = log;
    }

    @Override
    public Decision afterEpoch(EpochMetrics metrics, int epochs, TrainingObserver observers) {
        List<Integer> rungs = rule.rungs(epochs);
        if (!rungs.contains(metrics.epoch())) return Decision.CONTINUE;
        double value = metrics.value(rule.rankBy());
        boolean keep;
        try {
            keep = rule.reach(sweepDir, pointId, metrics.epoch(), value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the rung in " + sweepDir.resolve(SuccessiveHalving.RUNGS), e);
        }
        log.printf(Locale.ROOT, "rung at epoch %d: %s %.4f, %s%n", metrics.epoch(), rule.rankBy(), value,
                keep ? "in the top 1/" + rule.reductionFactor() + ", going on" : "pruned");
        log.flush();
        pruned = !keep;
        return keep ? Decision.CONTINUE : Decision.STOP;
    }

    @Override
    public boolean pruned() {
        return pruned;
    }
}
