package dev.runner.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.train.EpochMetrics;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The inline SVG charts: the leaderboard's parallel coordinates and the report's learning-rate curve. */
class ChartsSvgTest {
    private static EpochMetrics epoch(int e, double lr) {
        return new EpochMetrics(e, 0.5, 0.8, 0.6, 0.7, 0.6, 0.7, lr, 1, 100, 100);
    }

    private static List<String> polylines(String svg) {
        Matcher m = Pattern.compile("<polyline [^>]*points=\"([^\"]*)\"").matcher(svg);
        List<String> all = new java.util.ArrayList<>();
        while (m.find()) all.add(m.group(1));
        return all;
    }

    @Test
    void theRateCurveIsDrawnOnlyWhenTheRateChanges() {
        assertEquals("", ReportHtml.learningRateCurve(List.of(epoch(1, 0.1), epoch(2, 0.1), epoch(3, 0.1))));
        String svg = ReportHtml.learningRateCurve(List.of(epoch(1, 0.1), epoch(2, 0.05), epoch(3, 0.025)));
        // plot 434×166 at (70, 14): epoch 1 at the top left, epoch 3 at the bottom right, epoch 2 a third up (linear).
        assertEquals(List.of("70.0,14.0 287.0,124.7 504.0,180.0"), polylines(svg));
        assertTrue(svg.contains(">0.100</text>") && svg.contains(">0.0250</text>"), svg);
        String log = ReportHtml.learningRateCurve(List.of(epoch(1, 1), epoch(2, 0.1), epoch(3, 0.01)));
        assertEquals(List.of("70.0,14.0 287.0,97.0 504.0,180.0"), polylines(log), "a log scale over 100×");
        assertTrue(log.contains("(log scale)"));
    }

    @Test
    void parallelCoordinatesPlaceNumbersCategoriesAndTheMetric() {
        List<ParallelCoordinates.Line> lines = List.of(
                new ParallelCoordinates.Line(List.of("0.001", "relu"), 0.9, false, true),
                new ParallelCoordinates.Line(List.of("0.1", "tanh"), 0.5, false, false),
                new ParallelCoordinates.Line(List.of("0.01", "sigmoid"), 0.7, true, false));
        String svg = ParallelCoordinates.svg(List.of("lr", "activation"), "val_accuracy", true, lines);
        // Axes at x 70, 220, 370; plot from y 44 (top) to 272 (bottom). lr spans 100×: a log axis, 0.01 in the
        // middle; the categories in the order they first appear; val_accuracy linear from 0.5 to 0.9.
        // Drawn faint first, then the others, the best last.
        assertEquals(List.of("70.0,158.0 220.0,44.0 370.0,158.0", "70.0,44.0 220.0,158.0 370.0,272.0",
                "70.0,272.0 220.0,272.0 370.0,44.0"), polylines(svg));
        assertTrue(svg.contains("lr (log)"), svg);
        assertTrue(svg.contains("stroke-dasharray=\"4 3\" points=\"70.0,158.0"), "the pruned line is faint");
        assertTrue(svg.contains("stroke=\"#1a7a1a\" stroke-width=\"3\""), "the best line is green and thick");
        // For a loss, lower is better: the darkest line is the lowest value.
        String loss = ParallelCoordinates.svg(List.of("lr"), "val_loss", false, List.of(
                new ParallelCoordinates.Line(List.of("1"), 0.2, false, false),
                new ParallelCoordinates.Line(List.of("2"), 0.4, false, false)));
        assertTrue(loss.contains("stroke=\"#144696\" stroke-width=\"1.5\" stroke-opacity=\"0.85\" points=\"70.0,272.0"),
                loss);
        assertTrue(loss.contains("stroke=\"#aac8eb\" stroke-width=\"1.5\" stroke-opacity=\"0.85\" points=\"70.0,44.0"),
                loss);
    }
}
