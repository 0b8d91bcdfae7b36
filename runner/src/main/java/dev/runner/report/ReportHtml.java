package dev.runner.report;

import dev.runner.results.RunLayout;
import dev.runner.results.RunRecord;
import dev.runner.train.EpochMetrics;
import dev.runner.util.Html;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code report.html}: one page for one run, with its pictures embedded as base64 PNG so it opens anywhere offline. */
final class ReportHtml {
    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:2em auto;
              max-width:1150px;padding:0 1.5em;color:#222;line-height:1.4}
            h1{margin-bottom:.1em} h2{margin-top:1.8em;border-bottom:1px solid #ddd;padding-bottom:.2em}
            .sub{color:#666;margin-top:0}
            table{border-collapse:collapse;margin:.6em 0;font-variant-numeric:tabular-nums}
            th,td{border:1px solid #ddd;padding:.25em .7em;text-align:right}
            th{background:#f4f6f8} td.l,th.l{text-align:left}
            .cards{display:flex;flex-wrap:wrap;gap:.8em;margin:1em 0}
            .card{border:1px solid #ddd;border-radius:6px;padding:.6em 1em;min-width:9em}
            .card b{display:block;font-size:1.5em} .card span{color:#666;font-size:.9em}
            img{max-width:100%;height:auto;border:1px solid #eee;display:block;margin:.5em 0}
            pre{background:#f6f8fa;border:1px solid #ddd;padding:1em;overflow:auto;font-size:.9em}
            """;

    private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xxx",
            Locale.ROOT);

    private final RunRecord record;
    private final String config;
    private final List<EpochMetrics> epochs;
    private final ClassificationReport perClass;
    private final Map<String, byte[]> pngs;
    private final int misclassified;
    private final int testCount;
    private final String evalTransforms;

    ReportHtml(RunRecord record, String config, List<EpochMetrics> epochs, ClassificationReport perClass,
               Map<String, byte[]> pngs, int misclassified, int testCount, String evalTransforms) {
        this.record = record;
        this.config = config;
        this.epochs = epochs;
        this.perClass = perClass;
        this.pngs = pngs;
        this.misclassified = misclassified;
        this.testCount = testCount;
        this.evalTransforms = evalTransforms;
    }

    String render() {
        StringBuilder h = new StringBuilder(1 << 16);
        EpochMetrics last = epochs.get(epochs.size() - 1);
        String title = record.name() + " / " + record.runId();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(Html.escape(title)).append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        h.append("<h1>").append(Html.escape(record.name())).append("</h1>\n<p class=\"sub\">")
                .append(Html.escape(record.description() == null ? "" : record.description()))
                .append(record.description() == null || record.description().isEmpty() ? "" : " · ")
                .append("run ").append(Html.escape(record.runId())).append(" · ").append(Html.escape(record.dataset()))
                .append(" · started ").append(Html.escape(record.startedAt().format(STARTED)))
                .append("</p>\n");

        h.append("<div class=\"cards\">\n");
        card(h, "test accuracy", pct(last.testAccuracy()));
        if (!Double.isNaN(last.valAccuracy())) card(h, "validation accuracy", pct(last.valAccuracy()));
        card(h, "train accuracy", pct(last.trainAccuracy()));
        card(h, "test loss", num(last.testLoss()));
        if (record.best() != null) {
            card(h, "test accuracy, best model (epoch " + record.best().epoch() + ")",
                    pct(record.best().testAccuracy()));
        }
        card(h, "epochs", Integer.toString(last.epoch()));
        card(h, "parameters", String.format(Locale.ROOT, "%,d", record.parameters()));
        h.append("</div>\n");

        h.append("<h2>Summary</h2>\n<table>\n");
        h.append("<tr><th class=\"l\"></th><th>loss</th><th>accuracy</th><th>best accuracy (epoch)</th></tr>\n");
        metricRow(h, "train", last.trainLoss(), last.trainAccuracy(), best("train"));
        if (!Double.isNaN(last.valAccuracy())) {
            metricRow(h, "validation", last.valLoss(), last.valAccuracy(), best("val"));
        }
        metricRow(h, "test", last.testLoss(), last.testAccuracy(), best("test"));
        for (EpochMetrics.SetMetrics set : last.extra()) {
            metricRow(h, Html.escape(set.name()), set.loss(), set.accuracy(), best(set.name()));
        }
        EpochMetrics bestEpoch = record.best();
        if (bestEpoch != null) {
            EpochMetrics b = bestEpoch;
            String by = " (best model: epoch " + b.epoch() + " by " + Html.escape(record.checkpoint().monitor()) + ")";
            if (!Double.isNaN(b.valAccuracy())) metricRow(h, "validation" + by, b.valLoss(), b.valAccuracy(), "");
            metricRow(h, "test" + by, b.testLoss(), b.testAccuracy(), "");
            for (EpochMetrics.SetMetrics set : b.extra()) {
                metricRow(h, Html.escape(set.name()) + by, set.loss(), set.accuracy(), "");
            }
        }
        h.append("</table>\n<table>\n");
        RunRecord.Throughput throughput = RunRecord.throughput(epochs);
        fact(h, "examples", record.examples().entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
                .reduce((a, b) -> a + ", " + b).orElse(""));
        fact(h, "seed", Long.toString(record.seed()));
        if (!record.overrides().isEmpty()) fact(h, "overrides", String.join(" ", record.overrides()));
        fact(h, "training time", String.format(Locale.ROOT, "%.1f s (%s images/s)", throughput.trainSeconds(),
                throughput.trainImagesPerSecond()));
        fact(h, "run time", String.format(Locale.ROOT, "%.1f s",
                Duration.between(record.startedAt(), record.endedAt()).toMillis() / 1000.0));
        fact(h, "backend", record.backend().backend() + " · " + record.backend().device() + " · "
                + record.backend().nd4jArtifact() + " " + record.backend().classifier());
        fact(h, "evaluation transforms", evalTransforms);
        if (record.earlyStopping() != null) {
            fact(h, "early stopping", record.stoppedEarlyAt() == null
                    ? "did not stop early (" + record.earlyStopping().monitor() + ", patience "
                    + record.earlyStopping().patience() + ")"
                    : "stopped after epoch " + record.stoppedEarlyAt() + ": " + record.earlyStopping().monitor()
                    + " did not improve for " + record.earlyStopping().patience() + " epochs");
        }
        fact(h, "params_sha256", record.paramsSha256());
        fact(h, "git commit", record.gitCommit() == null ? "unknown" : record.gitCommit());
        h.append("</table>\n");

        h.append("<h2>Learning curves</h2>\n");
        img(h, RunLayout.LOSS_PLOT, "loss per epoch");
        img(h, RunLayout.ACCURACY_PLOT, "accuracy per epoch");
        String rates = learningRateCurve(epochs);
        if (!rates.isEmpty()) h.append("<h2>Learning rate</h2>\n<figure>").append(rates).append("</figure>\n");

        h.append("<h2>Per epoch</h2>\n<table>\n<tr><th>epoch</th><th>train loss</th><th>train acc</th>"
                + "<th>val loss</th><th>val acc</th><th>test loss</th><th>test acc</th>");
        for (EpochMetrics.SetMetrics set : last.extra()) {
            h.append("<th>").append(Html.escape(set.name())).append(" acc</th>");
        }
        h.append("<th>seconds</th><th>images/s</th></tr>\n");
        for (EpochMetrics m : epochs) {
            h.append("<tr><td>").append(m.epoch()).append("</td><td>").append(num(m.trainLoss())).append("</td><td>")
                    .append(pct(m.trainAccuracy())).append("</td><td>").append(num(m.valLoss())).append("</td><td>")
                    .append(pct(m.valAccuracy())).append("</td><td>").append(num(m.testLoss())).append("</td><td>")
                    .append(pct(m.testAccuracy())).append("</td><td>");
            for (EpochMetrics.SetMetrics set : m.extra()) h.append(pct(set.accuracy())).append("</td><td>");
            h.append(String.format(Locale.ROOT, "%.1f", m.epochSeconds())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%,.0f", m.imagesPerSecond())).append("</td></tr>\n");
        }
        h.append("</table>\n");

        h.append("<h2>Test set: per class</h2>\n<table>\n<tr><th class=\"l\">class</th><th>precision</th>"
                + "<th>recall</th><th>F1</th><th>support</th></tr>\n");
        for (ClassificationReport.Row r : perClass.rows()) classRow(h, r);
        h.append("<tr><td class=\"l\"><b>accuracy</b></td><td></td><td></td><td>").append(fixed(perClass.accuracy()))
                .append("</td><td>").append(perClass.total()).append("</td></tr>\n");
        classRow(h, perClass.macro());
        classRow(h, perClass.weighted());
        h.append("</table>\n");
        img(h, RunLayout.CONFUSION_PLOT, "test confusion matrix");
        h.append(String.format(Locale.ROOT, "<h2>Misclassified test images</h2>\n<p>%,d of %,d test images are "
                + "misclassified; the first ones, captioned <i>true as predicted</i>:</p>\n", misclassified, testCount));
        img(h, RunLayout.MISCLASSIFIED_PLOT, "misclassified test images");
        h.append("<h2>Training images after the train transforms</h2>\n");
        img(h, RunLayout.SAMPLES_PLOT, "training images after the train transforms");

        h.append("<h2>Config</h2>\n<p class=\"sub\">The resolved experiment, this folder's config.yaml: "
                + "<code>bin/runner config.yaml</code> on it repeats the run.</p>\n<pre>").append(Html.escape(config))
                .append("</pre>\n");
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    /**
     * The {@code lr} column per epoch as a small inline SVG (a log scale when the rate spans 20× or more); empty when
     * the rate does not change, as the table says all there is then.
     */
    static String learningRateCurve(List<EpochMetrics> epochs) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (EpochMetrics m : epochs) {
            if (Double.isNaN(m.learningRate())) continue;
            lo = Math.min(lo, m.learningRate());
            hi = Math.max(hi, m.learningRate());
        }
        if (!(hi > lo)) return "";
        boolean log = lo > 0 && hi / lo >= 20;
        double low = log ? Math.log10(lo) : lo;
        double high = log ? Math.log10(hi) : hi;
        int w = 520;
        int ht = 220;
        int left = 70;
        int right = 16;
        int top = 14;
        int bottom = 40;
        double pw = w - left - right;
        double ph = ht - top - bottom;
        int first = epochs.get(0).epoch();
        int last = epochs.get(epochs.size() - 1).epoch();
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"learning rate per epoch\">\n", w, ht, w, ht));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"none\" "
                + "stroke=\"#999\"/>\n", left, top, pw, ph));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"end\">%s</text>\n"
                + "<text x=\"%d\" y=\"%.0f\" font-size=\"10\" text-anchor=\"end\">%s</text>\n", left - 4, top + 8,
                rate(hi), left - 4, top + ph, rate(lo)));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.0f\" font-size=\"10\">%d</text>\n<text x=\"%.0f\" "
                + "y=\"%.0f\" font-size=\"10\" text-anchor=\"end\">%d</text>\n", left, top + ph + 14, first,
                left + pw, top + ph + 14, last));
        s.append(String.format(Locale.ROOT, "<text x=\"%.0f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">"
                + "epoch; learning rate%s</text>\n", left + pw / 2, ht - 8, log ? " (log scale)" : ""));
        List<String> points = new java.util.ArrayList<>();
        for (EpochMetrics m : epochs) {
            if (Double.isNaN(m.learningRate())) continue;
            double v = log ? Math.log10(m.learningRate()) : m.learningRate();
            double x = left + (last == first ? 0.5 : (m.epoch() - first) / (double) (last - first)) * pw;
            double y = top + (1 - (v - low) / (high - low)) * ph;
            points.add(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
            s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"#1f77b4\"><title>"
                    + "epoch %d: %s</title></circle>\n", x, y, m.epoch(), rate(m.learningRate())));
        }
        s.append("<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"1.5\" points=\"")
                .append(String.join(" ", points)).append("\"/>\n</svg>");
        return s.toString();
    }

    private static String rate(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /** Best accuracy of a set ({@code train}, {@code val}, {@code test} or an extra set) and the epoch it came in. */
    private String best(String set) {
        double best = Double.NaN;
        int epoch = 0;
        for (EpochMetrics m : epochs) {
            double v = m.value(set + "_accuracy");
            if (!Double.isNaN(v) && (Double.isNaN(best) || v > best)) {
                best = v;
                epoch = m.epoch();
            }
        }
        return Double.isNaN(best) ? "" : pct(best) + " (" + epoch + ")";
    }

    private void img(StringBuilder h, String path, String alt) {
        h.append("<img alt=\"").append(Html.escape(alt)).append("\" title=\"").append(Html.escape(path))
                .append("\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(pngs.get(path)))
                .append("\">\n");
    }

    private static void card(StringBuilder h, String label, String value) {
        h.append("<div class=\"card\"><b>").append(Html.escape(value)).append("</b><span>").append(Html.escape(label))
                .append("</span></div>\n");
    }

    private static void metricRow(StringBuilder h, String set, double loss, double acc, String best) {
        h.append("<tr><td class=\"l\">").append(set).append("</td><td>").append(num(loss)).append("</td><td>")
                .append(pct(acc)).append("</td><td>").append(best).append("</td></tr>\n");
    }

    private static void fact(StringBuilder h, String key, String value) {
        h.append("<tr><th class=\"l\">").append(Html.escape(key)).append("</th><td class=\"l\">")
                .append(Html.escape(value)).append("</td></tr>\n");
    }

    private static void classRow(StringBuilder h, ClassificationReport.Row r) {
        h.append("<tr><td class=\"l\">").append(Html.escape(r.label())).append("</td><td>").append(fixed(r.precision()))
                .append("</td><td>").append(fixed(r.recall())).append("</td><td>").append(fixed(r.f1()))
                .append("</td><td>").append(r.support()).append("</td></tr>\n");
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String fixed(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
