package dev.runner.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The budget's decisions on a clock the test moves: the first estimate, then the mean of finished points. */
class SweepBudgetTest {
    private static SweepPlan.Point point(int index) {
        return new SweepPlan.Point(index, "p" + index, List.of(), 1, null, null, "", List.of());
    }

    @Test
    void aPointStartsOnlyIfItsEstimateFitsWhatIsLeft() {
        long[] now = {5_000_000_000L};
        List<Integer> asked = new ArrayList<>();
        SweepBudget budget = new SweepBudget(Duration.ofSeconds(100), () -> now[0], p -> {
            asked.add(p.index());
            return 30;
        });
        assertTrue(budget.admit(point(1)), "0 + 30 ≤ 100");
        now[0] += 60_000_000_000L;
        assertTrue(budget.admit(point(2)), "60 + 30 ≤ 100, still the first estimate");
        assertEquals(List.of(1, 2), asked);
        budget.finished(50);
        budget.finished(40);
        now[0] += 10_000_000_000L;
        assertFalse(budget.admit(point(3)), "70 + mean 45 > 100");
        assertEquals(List.of(1, 2), asked, "once points finished, their mean is the estimate");
        now[0] -= 20_000_000_000L;
        assertTrue(budget.admit(point(4)), "50 + 45 ≤ 100");
        assertEquals(List.of(3), budget.leftOut().stream().map(SweepPlan.Point::index).toList());
        assertEquals(3, budget.admitted());
        assertTrue(budget.summary().startsWith("budget 1m40s: 3 point(s) started, 1 left out (still to go"),
                budget.summary());
    }

    @Test
    void withoutAFirstEstimateOnlyAnOverrunBudgetStopsPoints() {
        long[] now = {0};
        SweepBudget budget = new SweepBudget(Duration.ofSeconds(10), () -> now[0], p -> {
            throw new java.io.IOException("the timing run failed");
        });
        assertTrue(budget.admit(point(1)));
        now[0] = 11_000_000_000L;
        assertFalse(budget.admit(point(2)));
        assertTrue(budget.summary().endsWith("; no first estimate (the timing run failed)"), budget.summary());
    }
}
