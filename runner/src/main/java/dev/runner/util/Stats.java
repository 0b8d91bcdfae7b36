package dev.runner.util;

import java.util.List;

/** Mean and sample standard deviation, the one way every table in the runner aggregates seeds. */
public final class Stats {
    private Stats() {
    }

    /** NaN for no values. */
    public static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** Sample standard deviation (n − 1), as {@code torch.std} and spreadsheets give it; 0 for fewer than two. */
    public static double sampleStd(List<Double> values) {
        int n = values.size();
        if (n < 2) return 0;
        double m = mean(values);
        double sq = 0;
        for (double v : values) sq += (v - m) * (v - m);
        return Math.sqrt(sq / (n - 1));
    }
}
