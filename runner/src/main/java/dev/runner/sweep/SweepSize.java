package dev.runner.sweep;

import dev.runner.config.tree.Position;
import dev.runner.config.tree.Problem;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * How many points a sweep file asks for, counted from the lengths of its lists before anything is expanded: every
 * point is resolved and shape-checked in memory before the first one trains, so a sweep too large to run must be
 * refused while it is still a number (a grid of 100 values for each of 4 keys is 10^8 points, gigabytes before the
 * first is checked). Counts are exact (BigInteger): a product of list lengths cannot overflow into a small number.
 */
final class SweepSize {
    /** The most points a sweep may have; the same bound as random samples. */
    static final int MAX_POINTS = 10_000;
    private static final BigInteger MAX = BigInteger.valueOf(MAX_POINTS);

    private SweepSize() {
    }

    /** The grid's combinations: the product of its lists' lengths; 0 when there is no grid. */
    static BigInteger gridCombinations(Collection<? extends List<?>> lists) {
        if (lists.isEmpty()) return BigInteger.ZERO;
        BigInteger n = BigInteger.ONE;
        for (List<?> values : lists) n = n.multiply(BigInteger.valueOf(values.size()));
        return n;
    }

    /** Points of the whole sweep: grid combinations plus random samples (the base alone if neither), per seed. */
    static BigInteger points(BigInteger grid, int samples, int seeds) {
        BigInteger drafts = grid.add(BigInteger.valueOf(samples));
        if (drafts.signum() == 0) drafts = BigInteger.ONE;
        return drafts.multiply(BigInteger.valueOf(Math.max(1, seeds)));
    }

    static boolean tooMany(BigInteger points) {
        return points.compareTo(MAX) > 0;
    }

    /**
     * The problem with a sweep of this size, if any: a grid above the cap is reported at {@code grid:}, else a whole
     * sweep above it (seeds multiply grid and samples) at {@code sweep:}.
     */
    static Problem check(Position gridAt, Collection<? extends List<?>> grid, int samples, int seeds,
                         Position sweepAt) {
        BigInteger combinations = gridCombinations(grid);
        if (tooMany(combinations)) {
            return new Problem(gridAt, "the grid has " + product(grid) + " = " + count(combinations)
                    + " combinations; a sweep has at most " + count(MAX) + " points (each is resolved and checked "
                    + "before training starts): give fewer values, or draw from the same ranges with random: "
                    + "{samples: N, space: ...}");
        }
        BigInteger total = points(combinations, samples, seeds);
        if (tooMany(total)) {
            String drafts = combinations.signum() > 0 && samples > 0
                    ? "(" + count(combinations) + " grid combinations + " + count(BigInteger.valueOf(samples))
                    + " random samples)"
                    : combinations.signum() > 0 ? count(combinations) + " grid combinations"
                    : samples > 0 ? count(BigInteger.valueOf(samples)) + " random samples" : "1 experiment";
            return new Problem(sweepAt, "the sweep has " + drafts + " × " + seeds + " seeds = " + count(total)
                    + " points; a sweep has at most " + count(MAX) + " (each is resolved and checked before "
                    + "training starts): give fewer seeds or fewer values");
        }
        return null;
    }

    private static String product(Collection<? extends List<?>> grid) {
        return String.join(" × ", grid.stream().map(v -> Integer.toString(v.size())).toList());
    }

    private static String count(BigInteger n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
