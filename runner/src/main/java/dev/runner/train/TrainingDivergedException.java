package dev.runner.train;

import java.util.Locale;

/**
 * The loss (or, after an epoch's last step, the parameters) stopped being finite: training cannot recover, so it
 * stops where it happened rather than at DL4J's evaluation with "NaNs present" and no place. It carries what the
 * epochs that finished gave, so their metrics and report are kept.
 */
public final class TrainingDivergedException extends RuntimeException {
    private final int epoch;
    private final int batch;
    private final transient Trainer.Outcome finished;

    TrainingDivergedException(int epoch, int batch, String what, Trainer.Outcome finished) {
        super(String.format(Locale.ROOT, "training diverged at epoch %d, batch %d (%s); try a smaller lr", epoch,
                batch, what));
        this.epoch = epoch;
        this.batch = batch;
        this.finished = finished;
    }

    public int epoch() {
        return epoch;
    }

    public int batch() {
        return batch;
    }

    /** The epochs that ended before training diverged and the last one's test evaluation; null when none did. */
    public Trainer.Outcome finished() {
        return finished;
    }
}
