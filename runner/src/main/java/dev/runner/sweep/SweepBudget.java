package dev.runner.sweep;

import dev.runner.util.Durations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A sweep's time budget ({@code --budget}, {@code sweep.budget}): a point starts only when the time since the sweep
 * started plus that point's estimate fits in the budget. The estimate is the mean wall time of the points that
 * finished in this sweep so far, and before any has, a first estimate (from {@link Estimate}'s timing run). A point
 * that does not fit is left out: its folder is not touched, so it stays "to go" for a later run of the sweep.
 */
public final class SweepBudget {
    /** The time a point will take before any has finished, in seconds. */
    public interface FirstEstimate {
        double seconds(SweepPlan.Point point) throws Exception;
    }

    private final Duration limit;
    private final LongSupplier nanoClock;
    private final long started;
    private final FirstEstimate first;
    private final List<Double> finished = new ArrayList<>();
    private final List<SweepPlan.Point> leftOut = new ArrayList<>();
    private int admitted;
    private String firstEstimateProblem;

    public SweepBudget(Duration limit, LongSupplier nanoClock, FirstEstimate first) {
        this.limit = limit;
        this.nanoClock = nanoClock;
        this.started = nanoClock.getAsLong();
        this.first = first;
    }

    /**
     * The budget with {@link Estimate}'s timing run as the first estimate: run once, when the first point asks, and
     * scaled to each point's images and epochs; the timing run's time counts against the budget.
     */
    public static SweepBudget timed(Duration limit, SweepPlan plan, Path dataDir, int workers) {
        Estimate.Result[] measured = new Estimate.Result[1];
        return new SweepBudget(limit, System::nanoTime, p -> {
            if (measured[0] == null) {
                Path scratch = Files.createTempDirectory("runner-timing");
                try {
                    measured[0] = Estimate.measure(plan, List.of(p), dataDir, workers, scratch);
                } finally {
                    try (var files = Files.walk(scratch)) {
                        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                    }
                }
            }
            Estimate.Result e = measured[0];
            return Estimate.pointSeconds(p.experiment().spec(), e.overheadSeconds(), e.trainImagesPerSecond(),
                    e.evalImagesPerSecond());
        });
    }

    public Duration limit() {
        return limit;
    }

    /**
     * Whether {@code point} may start now; when not, it is counted as left out. Workers ask one at a time, so the
     * timing run happens once.
     */
    public synchronized boolean admit(SweepPlan.Point point) {
        double estimate;
        if (!finished.isEmpty()) {
            estimate = finished.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        } else {
            try {
                estimate = first.seconds(point);
            } catch (Exception e) {
                // Without an estimate the budget can only stop what has overrun it already.
                firstEstimateProblem = e.getMessage();
                estimate = 0;
            }
        }
        double elapsed = elapsedSeconds();
        if (elapsed + estimate > limit.toSeconds()) {
            leftOut.add(point);
            return false;
        }
        admitted++;
        return true;
    }

    /** A point that ran to its end in {@code seconds} (completed or pruned; failures say little about time). */
    public synchronized void finished(double seconds) {
        finished.add(seconds);
    }

    public synchronized double elapsedSeconds() {
        return (nanoClock.getAsLong() - started) / 1e9;
    }

    public synchronized List<SweepPlan.Point> leftOut() {
        return List.copyOf(leftOut);
    }

    public synchronized int admitted() {
        return admitted;
    }

    /** {@code budget 1h: 5 point(s) started, 3 left out (still to go) after 58m12s}, and why, if it was guesswork. */
    public synchronized String summary() {
        return String.format(Locale.ROOT, "budget %s: %d point(s) started, %d left out (still to go: run the sweep "
                        + "again, with a larger budget, to train them); %s used%s", Durations.compact(limit.toSeconds()),
                admitted, leftOut.size(), Durations.compact(elapsedSeconds()),
                firstEstimateProblem == null ? "" : "; no first estimate (" + firstEstimateProblem + ")");
    }
}
