package dev.runner.compare;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code compare} knows of one completed run: its config as dotted keys, and the numbers read from
 * {@code run.json} and {@code metrics.csv}. Validation values are NaN for a run without a validation split; missing
 * numbers (an older run.json) are null. {@code checkpointEpoch} is the best epoch kept by {@code checkpoint:}, or
 * null.
 */
public record RunFolder(Path dir, String name, String runId, long seed, ConfigFlattener.Flat flat, Long parameters,
                        int epochs, List<Double> valAccuracy, List<Double> testAccuracy, Double trainSeconds,
                        Double imagesPerSecond, Integer checkpointEpoch) {

    /** A run without a checkpoint. */
    public RunFolder(Path dir, String name, String runId, long seed, ConfigFlattener.Flat flat, Long parameters,
                     int epochs, List<Double> valAccuracy, List<Double> testAccuracy, Double trainSeconds,
                     Double imagesPerSecond) {
        this(dir, name, runId, seed, flat, parameters, epochs, valAccuracy, testAccuracy, trainSeconds,
                imagesPerSecond, null);
    }

    /** The config's leaves by dotted key. */
    public Map<String, String> config() {
        return flat.values();
    }

    /** A config value by dotted key: a leaf's value, an inner node's summary, or "" when the run has no such key. */
    public String configValue(String key) {
        String v = flat.values().get(key);
        if (v != null) return v;
        ConfigFlattener.Node n = flat.nodes().get(key);
        return n == null ? "" : n.summary();
    }

    public double finalVal() {
        return valAccuracy.isEmpty() ? Double.NaN : valAccuracy.get(valAccuracy.size() - 1);
    }

    public double finalTest() {
        return testAccuracy.isEmpty() ? Double.NaN : testAccuracy.get(testAccuracy.size() - 1);
    }

    public double bestVal() {
        int i = bestIndex();
        return i < 0 || i >= valAccuracy.size() ? Double.NaN : valAccuracy.get(i);
    }

    /**
     * The test accuracy of the best model, chosen without looking at the test set: the checkpoint's epoch, else the
     * first epoch of highest validation accuracy, else the last epoch. The highest test accuracy over epochs would
     * be an optimistic figure.
     */
    public double bestTest() {
        int i = bestIndex();
        return i < 0 || i >= testAccuracy.size() ? Double.NaN : testAccuracy.get(i);
    }

    /** Index into the per-epoch lists of the best model's epoch. */
    int bestIndex() {
        if (checkpointEpoch != null) return checkpointEpoch - 1;
        int best = -1;
        for (int i = 0; i < valAccuracy.size(); i++) {
            double v = valAccuracy.get(i);
            if (!Double.isNaN(v) && (best < 0 || v > valAccuracy.get(best))) best = i;
        }
        return best >= 0 ? best : testAccuracy.size() - 1;
    }
}
