package dev.runner.util;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Pattern SPAN = Pattern.compile("(?:([0-9]{1,6})h)?(?:([0-9]{1,6})m)?(?:([0-9]{1,9})s)?");

    /** What {@link #parse} accepts, for messages. */
    public static final String SPAN_EXAMPLES = "a duration such as 90s, 30m, 1h or 2h30m";

    /**
     * A time budget as people write it: whole hours, minutes and seconds in that order, each at most once
     * ({@code 90s}, {@code 30m}, {@code 1h}, {@code 2h30m}); {@code null} for anything else, or for zero.
     */
    public static Duration parse(String text) {
        if (text == null) return null;
        Matcher m = SPAN.matcher(text.trim());
        if (text.isBlank() || !m.matches()) return null;
        long seconds = 0;
        if (m.group(1) != null) seconds += Long.parseLong(m.group(1)) * 3600;
        if (m.group(2) != null) seconds += Long.parseLong(m.group(2)) * 60;
        if (m.group(3) != null) seconds += Long.parseLong(m.group(3));
        return seconds > 0 ? Duration.ofSeconds(seconds) : null;
    }
}
