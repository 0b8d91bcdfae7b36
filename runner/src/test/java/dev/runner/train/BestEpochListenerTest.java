package dev.runner.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.runner.config.MonitorMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The best epoch by one monitor, told to observers as it changes; it never stops training. */
class BestEpochListenerTest {

    @Test
    void theFirstEpochIsBestUntilAStrictlyLowerLoss() {
        BestEpochListener best = new BestEpochListener("val_loss", MonitorMode.MIN);
        EpochSequences.Heard heard = EpochSequences.feed(best, EpochSequences.of(0.9, 0.9, 0.7, 0.8, 0.7, 0.6), 6);
        // Epoch 2 ties epoch 1 and epoch 5 ties epoch 3: a tie is not an improvement.
        assertEquals(List.of(1, 3, 6), heard.newBest());
        assertEquals(6, best.best().epoch());
        assertNull(heard.stoppedAfter());
        assertEquals(6, heard.epochsRun());
    }

    @Test
    void maxModeKeepsTheHighest() {
        BestEpochListener best = new BestEpochListener("test_accuracy", MonitorMode.MAX);
        EpochSequences.Heard heard = EpochSequences.feed(best, EpochSequences.of(0.5, 0.6, 0.55, 0.6, 0.61), 5);
        assertEquals(List.of(1, 2, 5), heard.newBest());
        assertEquals(0.61, best.best().testAccuracy());
    }

    @Test
    void aNaNIsNeverBetterAndAnyNumberBeatsANaN() {
        BestEpochListener diverged = new BestEpochListener("val_loss", MonitorMode.MIN);
        EpochSequences.Heard heard = EpochSequences.feed(diverged,
                EpochSequences.of(0.8, Double.NaN, 0.9, 0.5, Double.NaN), 5);
        assertEquals(List.of(1, 4), heard.newBest());
        assertEquals(4, diverged.best().epoch());

        BestEpochListener nanFirst = new BestEpochListener("val_loss", MonitorMode.MIN);
        assertEquals(List.of(1, 3), EpochSequences.feed(nanFirst, EpochSequences.of(Double.NaN, Double.NaN, 2.0), 3)
                .newBest());
    }

    @Test
    void nothingIsBestBeforeTheFirstEpoch() {
        assertNull(new BestEpochListener("val_loss", MonitorMode.MIN).best());
    }
}
