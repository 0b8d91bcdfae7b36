package dev.runner.util;

import java.util.Locale;

/**
 * Wall times for people, rounded to the second and shown to two units at most. Two spellings on purpose: the sweep's
 * progress lines are terse ({@code 6m53s}), the reproduction table reads as prose ({@code 6 min 53 s}).
 */
public final class Durations {
    private Durations() {
    }

    /** {@code 59s}, {@code 6m53s}, {@code 3h11m}. */
    public static String compact(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) return s + "s";
        if (s < 3600) return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }

    /** {@code 59 s}, {@code 6 min 53 s}, {@code 3 h 11 min}. */
    public static String spelled(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) return s + " s";
        if (s < 3600) return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }
}
