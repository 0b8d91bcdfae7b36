package dev.runner.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void spelledAsTheReproductionTableShowsThem() {
        assertEquals("59 s", Durations.spelled(59.4));
        assertEquals("6 min 53 s", Durations.spelled(412.5));
        assertEquals("1 min 00 s", Durations.spelled(59.5));
        assertEquals("3 h 11 min", Durations.spelled(11_497));
    }

    @Test
    void compactAsTheSweepShowsThem() {
        assertEquals("0s", Durations.compact(0.4));
        assertEquals("59s", Durations.compact(59.4));
        assertEquals("6m53s", Durations.compact(412.5));
        assertEquals("1h00m", Durations.compact(3600));
        assertEquals("3h11m", Durations.compact(11_497));
    }
}
