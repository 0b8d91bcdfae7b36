package dev.runner.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The verdict rule on fixed numbers: reference within mean ± max(2·std, 0.5 points). */
class VerdictTest {

    @Test
    void oneSeedIsJudgedAtHalfAPoint() {
        assertEquals(Verdict.WITHIN_NOISE, Verdict.judge(0.9762, 0.9800, 0));  // 0.38 points
        assertEquals(Verdict.WITHIN_NOISE, Verdict.judge(0.9762, 0.9712, 0));  // exactly 0.50 points
        assertEquals(Verdict.DIFFERS, Verdict.judge(0.9762, 0.9711, 0));       // 0.51 points
        assertEquals(Verdict.DIFFERS, Verdict.judge(0.8086, 0.8295, 0));
    }

    @Test
    void aTinyStdStillGetsHalfAPoint() {
        assertEquals(Verdict.WITHIN_NOISE, Verdict.judge(0.9815, 0.9780, 0.0005));
        assertEquals(Verdict.DIFFERS, Verdict.judge(0.9815, 0.9760, 0.0005));
    }

    @Test
    void aLargeStdWidensTheBandToTwoStd() {
        // ese2000's randn readout: seeds spread by about a point and a half.
        assertEquals(Verdict.WITHIN_NOISE, Verdict.judge(0.8086, 0.8295, 0.011));   // 2.09 ≤ 2.2
        assertEquals(Verdict.DIFFERS, Verdict.judge(0.8086, 0.8295, 0.010));        // 2.09 > 2.0
        assertEquals(0.022, Verdict.tolerance(0.011), 1e-15);
        assertEquals(0.005, Verdict.tolerance(0.001), 1e-15);
    }

    @Test
    void noFigureNoVerdict() {
        assertEquals(Verdict.NO_REFERENCE, Verdict.judge(null, 0.9, 0));
    }

    @Test
    void rowsJudgeAgainstThePublishedFigureElsePyTorchs() {
        ReproductionRow published = new ReproductionRow("a.yaml", "t", "m", 0.9762, 0.98, List.of(0.975, 0.979),
                3, 60000, 10, null, false);
        ReproductionRow pytorchOnly = new ReproductionRow("b.yaml", "t", "m", null, 0.8929, List.of(0.8900),
                10, 54000, 10, null, false);
        ReproductionRow none = new ReproductionRow("c.yaml", "t", "m", null, null, List.of(0.5), 1, 10, 1, null, false);

        assertEquals(0.977, published.mean(), 1e-12);
        assertEquals(Math.sqrt(0.000008), published.std(), 1e-12);
        assertEquals(0.977 - 0.9762, published.difference(), 1e-12);
        assertEquals(Verdict.WITHIN_NOISE, published.verdict(false));
        assertEquals(Verdict.NOT_JUDGED, published.verdict(true));
        assertEquals(0.8900 - 0.8929, pytorchOnly.difference(), 1e-12);
        assertEquals(Verdict.WITHIN_NOISE, pytorchOnly.verdict(false));
        assertEquals(Verdict.NO_REFERENCE, none.verdict(false));
        assertEquals(0, none.std());
        ReproductionRow subset = new ReproductionRow("d.yaml", "t", "m", 0.9, null, List.of(0.9), 1, 6000, 1, null,
                true);
        assertEquals(Verdict.SUBSET, subset.verdict(false));
    }
}
