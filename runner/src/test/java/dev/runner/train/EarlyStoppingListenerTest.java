package dev.runner.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.runner.config.EarlyStoppingSpec;
import dev.runner.config.MonitorMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The exact epoch early stopping ends training after, as DJL's EarlyStoppingListenerTest asserts it: patience counts
 * epochs since the best one, and an improvement must exceed min_delta.
 */
class EarlyStoppingListenerTest {

    private static EarlyStoppingListener rule(String monitor, MonitorMode mode, int patience, double minDelta) {
        return new EarlyStoppingListener(new EarlyStoppingSpec(monitor, patience, mode, minDelta));
    }

    @Test
    void patienceTwoStopsTwoEpochsAfterTheBest() {
        EarlyStoppingListener stopping = rule("val_loss", MonitorMode.MIN, 2, 0);
        EpochSequences.Heard heard = EpochSequences.feed(stopping,
                EpochSequences.of(1.0, 0.8, 0.9, 0.85, 0.7, 0.6), 6);
        assertEquals(4, heard.stoppedAfter(), "best at 2, then 3 and 4 without improvement");
        assertEquals(List.of(4), heard.earlyStops());
        assertEquals(4, stopping.stoppedAfter());
        assertEquals(4, heard.epochsRun());
    }

    @Test
    void anImprovementMustExceedMinDelta() {
        // From 1.0, 0.95 and 0.91 improve by less than 0.1 (0.09 is not more than 0.1); 0.85 does.
        EpochSequences.Heard heard = EpochSequences.feed(rule("val_loss", MonitorMode.MIN, 3, 0.1),
                EpochSequences.of(1.0, 0.95, 0.91, 0.85, 0.84, 0.83, 0.82, 0.5), 8);
        assertEquals(7, heard.stoppedAfter(), "best at 4, patience 3");

        // As the training-loop test has it: nothing improves train_loss by 100, so patience 2 ends after epoch 3.
        assertEquals(3, EpochSequences.feed(rule("val_loss", MonitorMode.MIN, 2, 100),
                EpochSequences.of(3, 2, 1, 0.5, 0.1, 0.01), 6).stoppedAfter());
    }

    @Test
    void maxModeWatchesForIncreases() {
        EpochSequences.Heard heard = EpochSequences.feed(rule("test_accuracy", MonitorMode.MAX, 1, 0),
                EpochSequences.of(0.5, 0.6, 0.6, 0.7), 4);
        assertEquals(3, heard.stoppedAfter(), "epoch 3 only ties epoch 2");
    }

    @Test
    void aNaNNeverImproves() {
        EpochSequences.Heard heard = EpochSequences.feed(rule("val_loss", MonitorMode.MIN, 2, 0),
                EpochSequences.of(1.0, Double.NaN, Double.NaN, 0.1), 4);
        assertEquals(3, heard.stoppedAfter());
    }

    @Test
    void theLastEpochIsNeverAStop() {
        // Patience would run out after epoch 3, but epoch 3 is the last one planned: training ends anyway.
        EarlyStoppingListener stopping = rule("val_loss", MonitorMode.MIN, 2, 0);
        EpochSequences.Heard heard = EpochSequences.feed(stopping, EpochSequences.of(1.0, 1.0, 1.0), 3);
        assertNull(heard.stoppedAfter());
        assertEquals(List.of(), heard.earlyStops());
        assertNull(stopping.stoppedAfter());
        assertEquals(3, heard.epochsRun());
    }

    @Test
    void improvingEveryEpochNeverStops() {
        assertNull(EpochSequences.feed(rule("val_loss", MonitorMode.MIN, 1, 0),
                EpochSequences.of(5, 4, 3, 2, 1), 5).stoppedAfter());
    }
}
