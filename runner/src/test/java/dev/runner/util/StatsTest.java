package dev.runner.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatsTest {
    @Test
    void meanAndSampleStandardDeviation() {
        List<Double> xs = List.of(2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0);
        assertEquals(5.0, Stats.mean(xs), 0);
        // sum of squared deviations 32, over n - 1 = 7 (the population figure would be 2)
        assertEquals(Math.sqrt(32.0 / 7), Stats.sampleStd(xs), 1e-15);
    }

    @Test
    void fewValues() {
        assertTrue(Double.isNaN(Stats.mean(List.of())));
        assertEquals(0, Stats.sampleStd(List.of()), 0);
        assertEquals(0, Stats.sampleStd(List.of(0.9)), 0);
        assertEquals(Math.sqrt(0.0002), Stats.sampleStd(List.of(0.88, 0.90)), 1e-15);
    }
}
