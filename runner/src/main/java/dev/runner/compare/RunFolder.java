package dev.runner.compare;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code compare} knows of one completed run: its config as dotted keys, and the numbers read from
 * {@code run.json} and {@code metrics.csv}. Validation values are NaN for a run without a validation split; missing
 * numbers (an older run.json) are null.
 */
public record RunFolder(Path dir, String name, String runId, long seed, ConfigFlattener.Flat flat, Long parameters,
                        int epochs, List<Double> valAccuracy, List<Double> testAccuracy, Double trainSeconds,
                        Double imagesPerSecond) {

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
        return max(valAccuracy);
    }

    public double bestTest() {
        return max(testAccuracy);
    }

    private static double max(List<Double> values) {
        double best = Double.NaN;
        for (double v : values) if (!Double.isNaN(v) && (Double.isNaN(best) || v > best)) best = v;
        return best;
    }
}
