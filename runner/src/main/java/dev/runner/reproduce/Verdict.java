package dev.runner.reproduce;

/**
 * Whether our accuracy reproduces a reference figure. The rule, stated once here and in every report:
 * <p>
 * <b>within noise</b> when the reference figure lies within our mean ± max(2·std, 0.5 points), std being the sample
 * standard deviation of our test accuracy over the seeds (0 with one seed, so one seed is judged at 0.5 points);
 * <b>differs</b> otherwise. The reference figure is the tutorial's published one; when the tutorial publishes none,
 * the figure its own PyTorch code gave on a 2-core machine like ours.
 */
public enum Verdict {
    WITHIN_NOISE("within noise"),
    DIFFERS("differs"),
    NO_REFERENCE("no reference figure"),
    NOT_JUDGED("not judged (--quick)"),
    SUBSET("not judged (subset of the data)");

    /** The tolerance floor: half a percentage point of accuracy. */
    public static final double MIN_TOLERANCE = 0.005;

    public static final String RULE = "within noise when the reference figure (published, else PyTorch on 2 cores) "
            + "lies within our mean ± max(2·std, 0.5 points) over the seeds; differs otherwise";

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The tolerance around our mean: twice the std over seeds, at least half a point. */
    public static double tolerance(double std) {
        return Math.max(2 * std, MIN_TOLERANCE);
    }

    /**
     * Judges one row.
     *
     * @param reference the figure to reproduce (a fraction), or null when there is none
     * @param mean      our mean test accuracy over the seeds
     * @param std       its sample standard deviation (0 for one seed)
     */
    public static Verdict judge(Double reference, double mean, double std) {
        if (reference == null || Double.isNaN(mean)) return NO_REFERENCE;
        // A hair of slack for figures written with four or five decimals.
        return Math.abs(reference - mean) <= tolerance(std) + 1e-12 ? WITHIN_NOISE : DIFFERS;
    }
}
