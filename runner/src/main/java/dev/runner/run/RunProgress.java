package dev.runner.run;

import dev.runner.results.RunLayout;
import dev.runner.train.EpochMetrics;
import dev.runner.train.RunData;
import dev.runner.train.TrainingObserver;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How far a run got, kept as it goes so that a failure at any point still records what was done: the examples of
 * each split, the native layer helpers, the epochs completed, the best epoch kept, the files written and when the
 * first training step ended.
 */
final class RunProgress implements TrainingObserver {
    private final Map<String, Integer> examples = new LinkedHashMap<>();
    private final List<String> layerHelpers = new ArrayList<>();
    private final List<EpochMetrics> completed = new ArrayList<>();
    private final Map<String, String> files = new LinkedHashMap<>();
    private EpochMetrics bestKept;
    private long firstBatchMillis;

    void dataPrepared(RunData data) {
        examples.put("train", data.train().count());
        examples.put("validation", data.validation() == null ? 0 : data.validation().count());
        examples.put("test", data.test().count());
    }

    /** A resumed run: the epochs it completed before, and the best of them it kept (null: no checkpoint). */
    void resumed(List<EpochMetrics> earlier, EpochMetrics best) {
        completed.addAll(earlier);
        if (best != null) {
            bestKept = best;
            files.put("best_model", RunLayout.BEST_MODEL);
        }
    }

    void layerHelpers(List<String> helpers) {
        layerHelpers.addAll(helpers);
    }

    void wrote(String key, String file) {
        files.put(key, file);
    }

    @Override
    public void onBatch(int epoch, int batch, double loss) {
        if (firstBatchMillis == 0) firstBatchMillis = System.currentTimeMillis();
    }

    @Override
    public void onEpochEnd(EpochMetrics metrics) {
        completed.add(metrics);
    }

    /** Heard after the checkpoint writer has saved the epoch's model (a failed save never gets here). */
    @Override
    public void onNewBest(EpochMetrics metrics, String monitor) {
        bestKept = metrics;
        files.put("best_model", RunLayout.BEST_MODEL);
    }

    Map<String, Integer> examples() {
        return new LinkedHashMap<>(examples);
    }

    List<String> layerHelpers() {
        return List.copyOf(layerHelpers);
    }

    List<EpochMetrics> completed() {
        return List.copyOf(completed);
    }

    Map<String, String> files() {
        return new LinkedHashMap<>(files);
    }

    EpochMetrics bestKept() {
        return bestKept;
    }

    /** From the JVM's start to the end of the first training step: what a user waits before training moves. */
    Double secondsToFirstBatch() {
        if (firstBatchMillis == 0) return null;
        return (firstBatchMillis - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0;
    }
}
