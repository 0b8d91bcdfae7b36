package dev.runner.report;

import dev.runner.util.Html;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A parallel-coordinates chart as self-contained inline SVG: one vertical axis per parameter and a last one for the
 * metric, one polyline per point through its values. An axis whose values are all numbers is linear (logarithmic
 * when they are positive and span 20× or more); any other axis is categorical, its values evenly spaced in the order
 * they first appear. Lines are coloured from the worst metric (light) to the best (dark); the best is drawn last and
 * thick, faint ones (pruned points) thin and translucent behind the rest.
 */
public final class ParallelCoordinates {
    /** One point: its value on each parameter axis (in axis order) and its metric. */
    public record Line(List<String> values, double metric, boolean faint, boolean best) {
        public Line {
            values = List.copyOf(values);
        }
    }

    private static final int HEIGHT = 300;
    private static final int TOP = 44;
    private static final int BOTTOM = 28;
    private static final int SIDE = 70;
    private static final int SPACING = 150;

    private ParallelCoordinates() {
    }

    /**
     * The chart of {@code lines} over {@code axes} and {@code metric}; {@code higherIsBetter} sets which end of the
     * metric colours dark.
     */
    public static String svg(List<String> axes, String metric, boolean higherIsBetter, List<Line> lines) {
        int n = axes.size() + 1;
        int width = 2 * SIDE + (n - 1) * SPACING;
        double plot = HEIGHT - TOP - BOTTOM;
        List<Axis> scales = new ArrayList<>();
        for (int a = 0; a < axes.size(); a++) {
            int i = a;
            scales.add(Axis.of(lines.stream().map(l -> l.values().get(i)).toList()));
        }
        List<String> metrics = lines.stream().filter(l -> !Double.isNaN(l.metric()))
                .map(l -> Double.toString(l.metric())).toList();
        Axis metricAxis = Axis.of(metrics.isEmpty() ? List.of("0", "1") : metrics);

        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">\n", width, HEIGHT, width, HEIGHT,
                Html.escape("parallel coordinates: " + String.join(", ", axes) + " and " + metric)));
        for (int a = 0; a < n; a++) {
            double x = SIDE + a * SPACING;
            String name = a < axes.size() ? axes.get(a) : metric;
            Axis axis = a < axes.size() ? scales.get(a) : metricAxis;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#888\"/>\n",
                    x, TOP, x, HEIGHT - BOTTOM));
            // Names alternate between two rows so long keys of neighbouring axes do not overlap.
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" "
                    + "font-weight=\"%s\">%s%s</text>\n", x, a % 2 == 0 ? 14 : 28, a < axes.size() ? "normal" : "bold",
                    Html.escape(name), axis.log ? " (log)" : ""));
            for (String tick : axis.ticks()) {
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" fill=\"#444\">%s"
                        + "</text>\n", x + 4, TOP + (1 - axis.position(tick)) * plot + 3.5, Html.escape(tick)));
            }
        }
        double lo = metricAxis.lo;
        double hi = metricAxis.hi;
        List<Line> order = new ArrayList<>(lines);
        order.sort(Comparator.comparing((Line l) -> !l.faint()).thenComparing(Line::best));
        for (Line l : order) {
            List<String> pts = new ArrayList<>();
            for (int a = 0; a < axes.size(); a++) {
                pts.add(point(SIDE + a * SPACING, TOP + (1 - scales.get(a).position(l.values().get(a))) * plot));
            }
            boolean hasMetric = !Double.isNaN(l.metric());
            if (hasMetric) {
                pts.add(point(SIDE + axes.size() * SPACING,
                        TOP + (1 - metricAxis.position(Double.toString(l.metric()))) * plot));
            }
            double goodness = !hasMetric || hi <= lo ? 0.5 : (l.metric() - lo) / (hi - lo);
            if (!higherIsBetter) goodness = 1 - goodness;
            String colour = l.best() ? "#1a7a1a" : shade(goodness);
            String style = l.faint() ? " stroke-width=\"1\" stroke-opacity=\"0.25\" stroke-dasharray=\"4 3\""
                    : l.best() ? " stroke-width=\"3\"" : " stroke-width=\"1.5\" stroke-opacity=\"0.85\"";
            s.append("<polyline fill=\"none\" stroke=\"").append(colour).append('"').append(style)
                    .append(" points=\"").append(String.join(" ", pts)).append("\"><title>")
                    .append(Html.escape(String.join(", ", l.values()) + (hasMetric
                            ? String.format(Locale.ROOT, " → %s %.4f", metric, l.metric()) : "")
                            + (l.faint() ? " (pruned)" : "")))
                    .append("</title></polyline>\n");
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static String point(double x, double y) {
        return String.format(Locale.ROOT, "%.1f,%.1f", x, y);
    }

    /** From light blue (0, worst) to dark blue (1, best). */
    private static String shade(double t) {
        int r = (int) Math.round(170 - 150 * t);
        int g = (int) Math.round(200 - 130 * t);
        int b = (int) Math.round(235 - 85 * t);
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
    }

    /** Where a value sits on one axis, from 0 (bottom) to 1 (top). */
    private record Axis(List<String> categories, boolean numeric, boolean log, double lo, double hi) {
        static Axis of(List<String> values) {
            List<String> distinct = new ArrayList<>();
            for (String v : values) if (!distinct.contains(v)) distinct.add(v);
            boolean numeric = !distinct.isEmpty() && distinct.stream().allMatch(Axis::isNumber);
            if (!numeric) return new Axis(List.copyOf(distinct), false, false, 0, 0);
            double lo = distinct.stream().mapToDouble(Double::parseDouble).min().orElse(0);
            double hi = distinct.stream().mapToDouble(Double::parseDouble).max().orElse(1);
            distinct.sort(Comparator.comparingDouble(Double::parseDouble));
            return new Axis(List.copyOf(distinct), true, lo > 0 && hi / lo >= 20, lo, hi);
        }

        private static boolean isNumber(String v) {
            try {
                return Double.isFinite(Double.parseDouble(v));
            } catch (NumberFormatException e) {
                return false;
            }
        }

        double position(String value) {
            if (!numeric) {
                return categories.size() == 1 ? 0.5 : categories.indexOf(value) / (double) (categories.size() - 1);
            }
            if (hi <= lo) return 0.5;
            double v = Double.parseDouble(value);
            return log ? (Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo)) : (v - lo) / (hi - lo);
        }

        /** Every category; for numbers the extremes (and the values between when there are few). */
        List<String> ticks() {
            if (!numeric || categories.size() <= 6) {
                return numeric ? categories.stream().map(Axis::label).toList() : categories;
            }
            return List.of(label(categories.get(0)), label(categories.get(categories.size() - 1)));
        }

        private static String label(String v) {
            double d = Double.parseDouble(v);
            return d == Math.rint(d) && Math.abs(d) < 1e9 ? v.replaceAll("\\.0+$", "")
                    : String.format(Locale.ROOT, "%.4g", d).replaceAll("(\\.[0-9]*?)0+$", "$1").replaceAll("\\.$", "");
        }
    }
}
