package dev.runner.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rung decisions of asynchronous successive halving, from rung files as points leave them in the sweep folder. */
class SuccessiveHalvingTest {
    @TempDir
    Path dir;

    private static SuccessiveHalving.Entry e(int epoch, String id, double v) {
        return new SuccessiveHalving.Entry(epoch, id, v);
    }

    @Test
    void rungsAndTheExpectedEpochs() {
        SuccessiveHalving sh = new SuccessiveHalving(1, 3, "val_accuracy");
        assertEquals(List.of(1, 3, 9), sh.rungs(10));
        assertEquals(List.of(1, 3), sh.rungs(9), "a rung at the last epoch decides nothing");
        assertEquals(List.of(), sh.rungs(1));
        // 1 epoch for all, 2 more for a third, 6 more for a ninth, 1 more for a 27th.
        assertEquals(1 + 2 / 3.0 + 6 / 9.0 + 1 / 27.0, sh.expectedEpochs(10), 1e-12);
        assertEquals(1 + 1 / 2.0, new SuccessiveHalving(1, 2, "val_loss").expectedEpochs(2), 1e-12);
    }

    @Test
    void aPointGoesOnOnlyInTheTopFractionOfItsRung() {
        SuccessiveHalving acc = new SuccessiveHalving(1, 2, "val_accuracy");
        // Fewer than η points at the rung: only the best so far goes on.
        assertTrue(acc.keeps("a", 0.80, List.of()));
        assertFalse(acc.keeps("b", 0.70, List.of(e(1, "a", 0.80))));
        assertTrue(acc.keeps("b", 0.80, List.of(e(1, "a", 0.80))), "a tie goes on");
        // Four points: the top ⌊4/2⌋ = 2 go on.
        List<SuccessiveHalving.Entry> three = List.of(e(1, "a", 0.80), e(1, "b", 0.70), e(1, "c", 0.90));
        assertTrue(acc.keeps("d", 0.85, three));
        assertFalse(acc.keeps("d", 0.75, three));
        assertFalse(acc.keeps("d", Double.NaN, three), "NaN ranks last");
        // A loss: lower is better.
        SuccessiveHalving loss = new SuccessiveHalving(1, 2, "val_loss");
        assertTrue(loss.keeps("d", 0.4, List.of(e(1, "a", 0.5), e(1, "b", 0.3), e(1, "c", 0.9))));
        assertFalse(loss.keeps("d", 0.6, List.of(e(1, "a", 0.5), e(1, "b", 0.3), e(1, "c", 0.9))));
        // A rerun point's own earlier line is replaced, not counted twice.
        assertFalse(acc.keeps("a", 0.60, List.of(e(1, "a", 0.95), e(1, "b", 0.70))));
    }

    @Test
    void decisionsComeFromTheRungFileInTheSweepFolder() throws Exception {
        SuccessiveHalving sh = new SuccessiveHalving(1, 3, "val_accuracy");
        // Lines another process wrote, one of another rung, and a torn last line of a killed writer.
        Files.writeString(dir.resolve(SuccessiveHalving.RUNGS), "1,p1,0.5\n1,p2,0.9\n3,p2,0.95\n1,p3,0.7\n1,p4,0.");
        // Rung 1 then holds 0.5, 0.9, 0.7 and the new value: ⌊4/3⌋ = 1, only the best goes on.
        assertFalse(sh.reach(dir, "p5", 1, 0.8));
        assertTrue(sh.reach(dir, "p6", 3, 0.96));
        // Now 5 values at rung 1 (⌊5/3⌋ = 1; p5's 0.8 counts): 0.91 beats 0.9.
        assertTrue(sh.reach(dir, "p7", 1, 0.91));
        assertEquals(List.of(e(1, "p1", 0.5), e(1, "p2", 0.9), e(3, "p2", 0.95), e(1, "p3", 0.7), e(1, "p5", 0.8),
                e(3, "p6", 0.96), e(1, "p7", 0.91)),
                SuccessiveHalving.parse(Files.readString(dir.resolve(SuccessiveHalving.RUNGS))));
    }
}
