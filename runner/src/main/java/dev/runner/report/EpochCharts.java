package dev.runner.report;

import dev.runner.train.EpochMetrics;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Loss and accuracy per epoch as line charts (XChart, rendered off screen). */
public final class EpochCharts {
    static final Color TRAIN = new Color(31, 119, 180);
    static final Color VALIDATION = new Color(255, 127, 14);
    static final Color TEST = new Color(44, 160, 44);
    private static final int WIDTH = 900;
    private static final int HEIGHT = 540;

    private EpochCharts() {
    }

    /** Colours of the extra evaluation sets' curves, in the file's order (then repeating). */
    static final List<Color> EXTRA = List.of(new Color(214, 39, 40), new Color(148, 103, 189),
            new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127));

    public static BufferedImage loss(String experiment, List<EpochMetrics> epochs) {
        return chart(experiment + ": loss per epoch", "loss (cross-entropy)", epochs, false, "_loss");
    }

    public static BufferedImage accuracy(String experiment, List<EpochMetrics> epochs) {
        return chart(experiment + ": accuracy per epoch", "accuracy (%)", epochs, true, "_accuracy");
    }

    /** One curve each for train, validation, test and every extra evaluation set; {@code suffix} picks the metric. */
    private static BufferedImage chart(String title, String yTitle, List<EpochMetrics> epochs, boolean percent,
                                       String suffix) {
        List<String> curves = new ArrayList<>(List.of("train", "val", "test"));
        if (!epochs.isEmpty()) epochs.get(0).extra().forEach(set -> curves.add(set.name()));
        // A category chart: its x-axis labels are the epochs themselves (whole numbers), which an XY chart's
        // computed ticks (1.0, 1.2, ...) are not.
        CategoryChart chart = new CategoryChart(WIDTH, HEIGHT, Styler.ChartTheme.Matlab);
        chart.setTitle(title);
        chart.setXAxisTitle("epoch");
        chart.setYAxisTitle(yTitle);
        var s = chart.getStyler();
        s.setLocale(Locale.ROOT);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        s.setChartTitleBoxVisible(false);
        s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        s.setLegendPosition(Styler.LegendPosition.OutsideS);
        s.setLegendLayout(Styler.LegendLayout.Horizontal);
        s.setLegendBorderColor(Color.WHITE);
        s.setPlotGridLinesColor(new Color(0xDD, 0xDD, 0xDD));
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setPlotBorderVisible(true);
        s.setMarkerSize(8);
        s.setAntiAlias(true);
        s.setDefaultSeriesRenderStyle(epochs.size() == 1 ? CategorySeries.CategorySeriesRenderStyle.Scatter
                : CategorySeries.CategorySeriesRenderStyle.Line);
        s.setOverlapped(true); // all series at the epoch's position, not side by side as bars would be
        s.setXAxisMaxLabelCount(25);
        s.setYAxisDecimalPattern(percent ? "0.#" : "0.00#");
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (EpochMetrics m : epochs) {
            for (String curve : curves) {
                double v = m.value(curve + suffix) * (percent ? 100 : 1);
                if (Double.isNaN(v)) continue;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        // Some room above and below the data, so that markers at the extremes are not cut by the frame.
        double room = Math.max((hi - lo) * 0.06, Math.max(Math.abs(hi), 1e-3) * 0.02);
        s.setYAxisMin(Math.max(0, lo - room));
        s.setYAxisMax(percent ? Math.min(100, hi + room) : hi + room);
        add(chart, "train", epochs, m -> m.value("train" + suffix), percent, TRAIN, SeriesMarkers.CIRCLE);
        add(chart, "validation", epochs, m -> m.value("val" + suffix), percent, VALIDATION, SeriesMarkers.DIAMOND);
        add(chart, "test", epochs, m -> m.value("test" + suffix), percent, TEST, SeriesMarkers.SQUARE);
        for (int i = 3; i < curves.size(); i++) {
            String set = curves.get(i);
            add(chart, set, epochs, m -> m.value(set + suffix), percent, EXTRA.get((i - 3) % EXTRA.size()),
                    SeriesMarkers.TRIANGLE_UP);
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    private static void add(CategoryChart chart, String name, List<EpochMetrics> epochs, ToDoubleFunction<EpochMetrics> f,
                            boolean percent, Color color, org.knowm.xchart.style.markers.Marker marker) {
        List<Integer> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (EpochMetrics m : epochs) {
            double v = f.applyAsDouble(m);
            if (Double.isNaN(v)) continue; // no validation split
            xs.add(m.epoch());
            ys.add(percent ? 100 * v : v);
        }
        if (xs.isEmpty()) return;
        CategorySeries series = chart.addSeries(name, xs, ys);
        series.setLineColor(color);
        series.setMarkerColor(color);
        series.setMarker(marker);
        series.setLineStyle(new BasicStroke(2.5f));
    }
}
