package dev.runner.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runner.results.RunLayout;
import dev.runner.results.RunRecord;
import dev.runner.results.RunStatus;
import dev.runner.util.Html;
import dev.runner.util.Stats;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The sweep's results, read back from its folder ({@code sweep.json} and each point's {@code run.json}): one row per
 * setting of the swept parameters, seeds aggregated as mean ± sample standard deviation of the final epoch's
 * {@code rank_by}, ranked best first (highest accuracy, lowest loss); the test accuracy is shown for the best row
 * only, since choosing by it would tune on the test set. Written as CSV, Markdown and HTML with one scatter plot per
 * swept parameter.
 */
public final class Leaderboard {
    public static final String CSV = "leaderboard.csv";
    public static final String MD = "leaderboard.md";
    public static final String HTML = "leaderboard.html";

    /** One run of a row: its seed and final metrics (NaN when it did not complete). */
    public record Run(String id, long seed, String status, double metric, double testAccuracy) {
        boolean completed() {
            return status.equals(RunStatus.COMPLETED.json());
        }
    }

    public record Row(Map<String, String> settings, List<Run> runs) {
        List<Double> metrics() {
            return runs.stream().filter(Run::completed).map(Run::metric).toList();
        }

        List<Double> tests() {
            return runs.stream().filter(Run::completed).map(Run::testAccuracy).toList();
        }
    }

    private final String name;
    private final String rankBy;
    private final List<String> parameters;
    private final List<Row> rows;

    private Leaderboard(String name, String rankBy, List<String> parameters, List<Row> rows) {
        this.name = name;
        this.rankBy = rankBy;
        this.parameters = parameters;
        this.rows = rows;
    }

    public List<Row> rows() {
        return rows;
    }

    /** Reads {@code sweepDir}: the plan in {@code sweep.json}, each point's {@code run.json} if it has one. */
    public static Leaderboard read(Path sweepDir) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode sweep = mapper.readTree(sweepDir.resolve(SweepRunner.SWEEP_JSON).toFile());
        String rankBy = sweep.path("rank_by").asText("val_accuracy");
        List<String> parameters = new ArrayList<>();
        sweep.path("parameters").forEach(p -> parameters.add(p.asText()));
        Map<Map<String, String>, List<Run>> groups = new LinkedHashMap<>();
        for (JsonNode p : sweep.path("points")) {
            Map<String, String> settings = new LinkedHashMap<>();
            p.path("settings").fields().forEachRemaining(e -> settings.put(e.getKey(), e.getValue().asText()));
            String id = p.path("id").asText();
            Path record = sweepDir.resolve(id).resolve(RunLayout.RECORD);
            String status = "not run";
            double metric = Double.NaN;
            double test = Double.NaN;
            if (Files.isRegularFile(record)) {
                try {
                    RunRecord.Stored run = RunRecord.read(record);
                    status = run.statusText() == null ? "interrupted" : run.statusText();
                    Double m = run.finalMetrics().get(rankBy);
                    if (m != null) metric = m;
                    Double t = run.finalMetrics().get("test_accuracy");
                    if (t != null) test = t;
                } catch (IOException e) {
                    status = "interrupted";
                }
            } else if (Files.isDirectory(sweepDir.resolve(id))) {
                status = "interrupted";
            }
            groups.computeIfAbsent(settings, k -> new ArrayList<>())
                    .add(new Run(id, p.path("seed").asLong(), status, metric, test));
        }
        boolean lowerIsBetter = rankBy.endsWith("_loss");
        Comparator<Row> byMetric = Comparator.comparingDouble(r -> mean(r.metrics()));
        if (!lowerIsBetter) byMetric = byMetric.reversed();
        List<Row> ranked = new ArrayList<>();
        List<Row> unranked = new ArrayList<>();
        groups.forEach((s, runs) -> (runs.stream().anyMatch(Run::completed) ? ranked : unranked)
                .add(new Row(s, runs)));
        ranked.sort(byMetric); // stable: ties keep plan order
        ranked.addAll(unranked);
        return new Leaderboard(sweep.path("name").asText(), rankBy, parameters, ranked);
    }

    /** Writes the three files into {@code sweepDir}. */
    public static Leaderboard write(Path sweepDir) throws IOException {
        Leaderboard board = read(sweepDir);
        Files.writeString(sweepDir.resolve(CSV), board.csv(), StandardCharsets.UTF_8);
        Files.writeString(sweepDir.resolve(MD), board.markdown(), StandardCharsets.UTF_8);
        Files.writeString(sweepDir.resolve(HTML), board.html(), StandardCharsets.UTF_8);
        return board;
    }

    private boolean ranked(Row r) {
        return !r.metrics().isEmpty();
    }

    public String csv() throws IOException {
        List<String> header = new ArrayList<>(List.of("rank"));
        header.addAll(parameters);
        header.addAll(List.of(rankBy + "_mean", rankBy + "_std", "seeds_completed", "seeds_planned",
                "test_accuracy_mean", "test_accuracy_std", "runs"));
        StringWriter w = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build())) {
            csv.printRecord(header);
            int rank = 0;
            for (Row r : rows) {
                List<Object> rec = new ArrayList<>();
                rec.add(ranked(r) ? Integer.toString(++rank) : "-");
                for (String p : parameters) rec.add(r.settings().getOrDefault(p, ""));
                rec.add(ranked(r) ? num(mean(r.metrics())) : "");
                rec.add(r.metrics().size() > 1 ? num(std(r.metrics())) : "");
                rec.add(r.metrics().size());
                rec.add(r.runs().size());
                boolean best = rank == 1 && ranked(r);
                rec.add(best ? num(mean(r.tests())) : "");
                rec.add(best && r.tests().size() > 1 ? num(std(r.tests())) : "");
                rec.add(String.join(" ", r.runs().stream().map(Run::id).toList()));
                csv.printRecord(rec);
            }
        }
        return w.toString();
    }

    public String markdown() {
        StringBuilder b = new StringBuilder("# Leaderboard: " + name + "\n\n");
        b.append("Ranked by ").append(rankBy).append(" (final epoch; mean ± std over seeds")
                .append(rankBy.endsWith("_loss") ? ", lower is better" : ", higher is better").append(").\n\n");
        List<String> header = new ArrayList<>(List.of("rank"));
        header.addAll(parameters);
        header.addAll(List.of(rankBy, "seeds"));
        b.append("| ").append(String.join(" | ", header)).append(" |\n");
        b.append("|").append("---|".repeat(header.size())).append("\n");
        int rank = 0;
        for (Row r : rows) {
            List<String> cells = new ArrayList<>();
            cells.add(ranked(r) ? Integer.toString(++rank) : "–");
            for (String p : parameters) cells.add(r.settings().getOrDefault(p, ""));
            cells.add(ranked(r) ? meanStd(r.metrics()) : status(r));
            cells.add(r.metrics().size() + "/" + r.runs().size());
            b.append("| ").append(String.join(" | ", cells)).append(" |\n");
        }
        b.append('\n').append(bestLine()).append('\n');
        return b.toString();
    }

    private String bestLine() {
        if (rows.isEmpty() || !ranked(rows.get(0))) return "No point has completed yet.";
        Row best = rows.get(0);
        List<String> s = new ArrayList<>();
        best.settings().forEach((k, v) -> s.add(k + "=" + v));
        return "Best point" + (s.isEmpty() ? "" : " (" + String.join(", ", s) + ")") + ": " + rankBy + " "
                + meanStd(best.metrics()) + "; test accuracy " + meanStd(best.tests())
                + " (reported, not used to rank).";
    }

    private static String status(Row r) {
        return r.runs().stream().map(Run::status).distinct().sorted().reduce((a, c) -> a + ", " + c).orElse("");
    }

    public String html() {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Leaderboard: ")
                .append(esc(name)).append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:2em;color:#222}\n")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25em .6em;"
                        + "text-align:right}\n")
                .append("tr.best td{background:#e8f4e8}\n.plots{display:flex;flex-wrap:wrap;gap:1em}\n")
                .append("</style>\n</head>\n<body>\n<h1>Leaderboard: ").append(esc(name)).append("</h1>\n<p>Ranked by ")
                .append(esc(rankBy)).append(" (final epoch; mean ± std over seeds).</p>\n<table>\n<tr><th>rank</th>");
        for (String p : parameters) b.append("<th>").append(esc(p)).append("</th>");
        b.append("<th>").append(esc(rankBy)).append("</th><th>seeds</th></tr>\n");
        int rank = 0;
        for (Row r : rows) {
            boolean ranked = ranked(r);
            if (ranked) rank++;
            b.append(ranked && rank == 1 ? "<tr class=\"best\">" : "<tr>").append("<td>")
                    .append(ranked ? Integer.toString(rank) : "–").append("</td>");
            for (String p : parameters) b.append("<td>").append(esc(r.settings().getOrDefault(p, ""))).append("</td>");
            b.append("<td>").append(esc(ranked ? meanStd(r.metrics()) : status(r))).append("</td><td>")
                    .append(r.metrics().size()).append('/').append(r.runs().size()).append("</td></tr>\n");
        }
        b.append("</table>\n<p>").append(esc(bestLine())).append("</p>\n");
        if (!parameters.isEmpty()) {
            b.append("<h2>").append(esc(rankBy)).append(" against each swept parameter</h2>\n<div class=\"plots\">\n");
            for (String p : parameters) b.append(scatter(p));
            b.append("</div>\n");
        }
        b.append("</body>\n</html>\n");
        return b.toString();
    }

    /** One dot per completed run; numbers on a linear axis (log when they span 20× or more), other values evenly. */
    private String scatter(String parameter) {
        int w = 360;
        int h = 240;
        int left = 56;
        int right = 16;
        int top = 16;
        int bottom = 44;
        List<String> values = new ArrayList<>();
        List<double[]> dots = new ArrayList<>();
        List<Boolean> best = new ArrayList<>();
        boolean numeric = true;
        for (Row r : rows) {
            String v = r.settings().getOrDefault(parameter, "");
            if (!values.contains(v)) values.add(v);
            try {
                Double.parseDouble(v);
            } catch (NumberFormatException e) {
                numeric = false;
            }
        }
        if (numeric) values.sort(Comparator.comparingDouble(Double::parseDouble));
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        if (numeric) {
            for (String v : values) {
                lo = Math.min(lo, Double.parseDouble(v));
                hi = Math.max(hi, Double.parseDouble(v));
            }
        }
        boolean log = numeric && lo > 0 && hi / lo >= 20;
        double yLo = Double.POSITIVE_INFINITY;
        double yHi = Double.NEGATIVE_INFINITY;
        for (Row r : rows) {
            for (double m : r.metrics()) {
                yLo = Math.min(yLo, m);
                yHi = Math.max(yHi, m);
            }
        }
        if (yLo == Double.POSITIVE_INFINITY) {
            yLo = 0;
            yHi = 1;
        }
        if (yHi - yLo < 1e-9) {
            yLo -= 0.005;
            yHi += 0.005;
        }
        double pw = w - left - right;
        double ph = h - top - bottom;
        boolean first = true;
        for (Row r : rows) {
            String v = r.settings().getOrDefault(parameter, "");
            double fx;
            if (!numeric || hi == lo) {
                fx = values.size() == 1 ? 0.5 : values.indexOf(v) / (double) (values.size() - 1);
            } else if (log) {
                fx = (Math.log(Double.parseDouble(v)) - Math.log(lo)) / (Math.log(hi) - Math.log(lo));
            } else {
                fx = (Double.parseDouble(v) - lo) / (hi - lo);
            }
            for (double m : r.metrics()) {
                dots.add(new double[] {left + fx * pw, top + (1 - (m - yLo) / (yHi - yLo)) * ph});
                best.add(first && ranked(r));
            }
            if (ranked(r)) first = false;
        }
        StringBuilder s = new StringBuilder();
        s.append("<figure><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w).append("\" height=\"")
                .append(h).append("\" viewBox=\"0 0 ").append(w).append(' ').append(h).append("\">\n");
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.0f\" height=\"%.0f\" fill=\"none\" "
                + "stroke=\"#999\"/>\n", left, top, pw, ph));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"end\">%s</text>\n",
                left - 4, top + 10, num(yHi)));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.0f\" font-size=\"10\" text-anchor=\"end\">%s</text>\n",
                left - 4, top + ph, num(yLo)));
        if (numeric && hi > lo) {
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.0f\" font-size=\"10\">%s</text>\n", left,
                    top + ph + 14, esc(values.get(0))));
            s.append(String.format(Locale.ROOT, "<text x=\"%.0f\" y=\"%.0f\" font-size=\"10\" text-anchor=\"end\">"
                    + "%s</text>\n", left + pw, top + ph + 14, esc(values.get(values.size() - 1))));
        } else {
            for (int i = 0; i < values.size(); i++) {
                double fx = values.size() == 1 ? 0.5 : i / (double) (values.size() - 1);
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.0f\" font-size=\"10\" "
                        + "text-anchor=\"middle\">%s</text>\n", left + fx * pw, top + ph + 14, esc(values.get(i))));
            }
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%.0f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s%s"
                + "</text>\n", left + pw / 2, h - 8, esc(parameter), log ? " (log scale)" : ""));
        for (int i = 0; i < dots.size(); i++) {
            s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\" "
                    + "fill-opacity=\"0.7\"/>\n", dots.get(i)[0], dots.get(i)[1], best.get(i) ? "#2a8a2a" : "#3366aa"));
        }
        s.append("</svg><figcaption>").append(esc(rankBy)).append(" against ").append(esc(parameter))
                .append("</figcaption></figure>\n");
        return s.toString();
    }

    static double mean(List<Double> xs) {
        return Stats.mean(xs);
    }

    static double std(List<Double> xs) {
        return Stats.sampleStd(xs);
    }

    private static String meanStd(List<Double> xs) {
        if (xs.isEmpty()) return "–";
        return xs.size() == 1 ? num(xs.get(0)) : num(mean(xs)) + " ± " + num(std(xs));
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String esc(String s) {
        return Html.escape(s);
    }
}
