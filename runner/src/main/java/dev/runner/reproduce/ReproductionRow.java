package dev.runner.reproduce;

import dev.runner.util.Stats;
import java.util.List;

/**
 * One experiment of a reproduction: what the tutorial reports, what its PyTorch code gave on this kind of machine,
 * and our test accuracies, one per seed.
 *
 * @param file        the experiment file
 * @param tutorial    the tutorial's id (the reference block's {@code tutorial}, else the experiment's name)
 * @param model       which model (the reference block's {@code model}, else the description)
 * @param published   the published test accuracy, or null
 * @param pytorch     the test accuracy of the tutorial's own PyTorch code on 2 cores, or null
 * @param accuracies  our final test accuracy for each seed, in seed order
 * @param epochs      epochs trained per seed
 * @param trainImages training images per epoch
 * @param seconds     training time of its seeds, summed (with several workers they overlap in time)
 * @param note        the reference block's note, or null
 * @param subset      trained or tested on less data than the file says (a {@code train_limit} or {@code test_limit}
 *                    override): shown, never judged
 */
public record ReproductionRow(String file, String tutorial, String model, Double published, Double pytorch,
                              List<Double> accuracies, int epochs, int trainImages, double seconds, String note,
                              boolean subset) {

    public ReproductionRow {
        accuracies = List.copyOf(accuracies);
    }

    public double mean() {
        return Stats.mean(accuracies);
    }

    /** Sample standard deviation (n − 1); 0 for a single seed. */
    public double std() {
        return Stats.sampleStd(accuracies);
    }

    /** The figure we are judged against: the published one, else PyTorch's on this kind of machine. */
    public Double reference() {
        return published != null ? published : pytorch;
    }

    /** Ours minus the reference figure, or NaN. */
    public double difference() {
        Double r = reference();
        return r == null ? Double.NaN : mean() - r;
    }

    public Verdict verdict(boolean quick) {
        if (quick) return Verdict.NOT_JUDGED;
        if (subset) return Verdict.SUBSET;
        return Verdict.judge(reference(), mean(), std());
    }
}
