package dev.runner.train;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Where training stands after a completed epoch, apart from the network (parameters, updater state and counters,
 * which the network holds) and the listeners' trackers: the epochs measured so far and the dropout generator's state.
 * Shuffling and augmentation need nothing: they draw from generators derived from the seed and the epoch number
 * ({@link Seeds}), and the learning rate is a function of the epoch ({@link LearningRateSchedule}).
 *
 * @param epoch   the last completed epoch, counted from 1; training goes on with the next
 * @param history the metrics of epochs 1 to {@code epoch}, in order
 */
public record TrainingState(int epoch, List<EpochMetrics> history, DropoutRandom dropoutRandom) {

    public TrainingState {
        history = List.copyOf(history);
        if (epoch < 1) throw new IllegalArgumentException("a training state follows a completed epoch, not " + epoch);
        if (history.size() != epoch) {
            throw new IllegalArgumentException("epoch " + epoch + " with " + history.size() + " epochs of metrics");
        }
        for (int i = 0; i < history.size(); i++) {
            if (history.get(i).epoch() != i + 1) {
                throw new IllegalArgumentException("metrics of epoch " + history.get(i).epoch() + " in place "
                        + (i + 1));
            }
        }
    }

    /**
     * Keeps what continuing a run needs, after every epoch training goes on from (not after the last one, nor after
     * one that ended training early: a run stopped there is finished, and one killed before finishing repeats that
     * epoch bit for bit).
     */
    @FunctionalInterface
    public interface Keeper {
        /** Called on the training thread after the epoch's listeners, with the network as the next epoch finds it. */
        void keep(MultiLayerNetwork network, TrainingState state);
    }
}
