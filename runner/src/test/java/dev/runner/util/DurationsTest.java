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

    @Test
    void budgetsAsPeopleWriteThem() {
        assertEquals(java.time.Duration.ofHours(1), Durations.parse("1h"));
        assertEquals(java.time.Duration.ofMinutes(30), Durations.parse("30m"));
        assertEquals(java.time.Duration.ofSeconds(90), Durations.parse("90s"));
        assertEquals(java.time.Duration.ofMinutes(150), Durations.parse("2h30m"));
        assertEquals(java.time.Duration.ofSeconds(3723), Durations.parse("1h2m3s"));
        for (String bad : new String[] {"", "1", "0s", "0h0m", "1.5h", "30m1h", "1h1h", "-5m", "1d", "5 m", "h"}) {
            assertEquals(null, Durations.parse(bad), bad);
        }
    }
}
