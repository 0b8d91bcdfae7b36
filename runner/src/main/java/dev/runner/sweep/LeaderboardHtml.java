package dev.runner.sweep;

import static dev.runner.sweep.Leaderboard.meanStd;
import static dev.runner.sweep.Leaderboard.num;
import static dev.runner.sweep.Leaderboard.status;
import static dev.runner.util.Html.escape;
import static dev.runner.util.Html.sortScript;

import dev.runner.report.ParallelCoordinates;
import dev.runner.util.Stats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * {@code leaderboard.html}: the ranked table (sortable by a click on a header), the best row highlighted, a
 * parallel-coordinates chart of every swept parameter and {@code rank_by}, and one SVG scatter plot per swept
 * parameter of {@code rank_by} against it; self-contained, so it opens anywhere offline.
 */
final class LeaderboardHtml implements LeaderboardWriter {
    @Override
    public String write(Leaderboard board) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Leaderboard: ")
                .append(escape(board.name())).append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:2em;color:#222}\n")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25em .6em;"
                        + "text-align:right}\n")
                .append("tr.best td{background:#e8f4e8}\ntr.pruned td{color:#888;font-style:italic}\nth{cursor:pointer;user-select:none}\n"
                        + "th.asc::after{content:\" \\25B2\"}th.desc::after{content:\" \\25BC\"}\n"
                        + ".plots{display:flex;flex-wrap:wrap;gap:1em}\n")
                .append("</style>\n</head>\n<body>\n<h1>Leaderboard: ").append(escape(board.name()))
                .append("</h1>\n<p>Ranked by ").append(escape(board.rankBy()))
                .append(" (final epoch; mean ± std over seeds). Click a header to sort.</p>\n<table id=\"board\">\n"
                        + "<thead><tr><th>rank</th>");
        for (String p : board.parameters()) b.append("<th>").append(escape(p)).append("</th>");
        b.append("<th>").append(escape(board.rankBy())).append("</th><th>seeds</th></tr></thead>\n<tbody>\n");
        int rank = 0;
        for (Leaderboard.Row r : board.rows()) {
            boolean ranked = r.ranked();
            if (ranked) rank++;
            b.append(ranked && rank == 1 ? "<tr class=\"best\">" : r.pruned() ? "<tr class=\"pruned\">" : "<tr>")
                    .append("<td>")
                    .append(ranked ? Integer.toString(rank) : "–").append("</td>");
            for (String p : board.parameters()) {
                b.append("<td>").append(escape(r.settings().getOrDefault(p, ""))).append("</td>");
            }
            b.append("<td>").append(escape(ranked ? meanStd(r.metrics()) : status(r))).append("</td><td>")
                    .append(r.metrics().size()).append('/').append(r.runs().size()).append("</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n").append(sortScript("board")).append("<p>").append(escape(board.bestLine()))
                .append("</p>\n");
        if (!board.parameters().isEmpty()) {
            b.append("<h2>All swept parameters and ").append(escape(board.rankBy())).append("</h2>\n<p>")
                    .append("One line per point (mean over its seeds), darker for a better ")
                    .append(escape(board.rankBy())).append("; the best in green")
                    .append(board.rows().stream().anyMatch(Leaderboard.Row::pruned)
                            ? "; pruned points faint and dashed, at the epoch they reached" : "")
                    .append(".</p>\n<figure>")
                    .append(parallelCoordinates(board)).append("</figure>\n");
            b.append("<h2>").append(escape(board.rankBy()))
                    .append(" against each swept parameter</h2>\n<div class=\"plots\">\n");
            for (String p : board.parameters()) b.append(scatter(p, board));
            b.append("</div>\n");
        }
        b.append("</body>\n</html>\n");
        return b.toString();
    }

    /** One line per ranked or pruned row, through its settings and its mean {@code rank_by}. */
    private static String parallelCoordinates(Leaderboard board) {
        List<ParallelCoordinates.Line> lines = new ArrayList<>();
        boolean first = true;
        for (Leaderboard.Row r : board.rows()) {
            if (!r.ranked() && !r.pruned()) continue;
            List<String> values = board.parameters().stream().map(p -> r.settings().getOrDefault(p, "")).toList();
            lines.add(new ParallelCoordinates.Line(values, Stats.mean(r.ranked() ? r.metrics() : r.prunedMetrics()),
                    r.pruned(), first && r.ranked()));
            first = false;
        }
        return ParallelCoordinates.svg(board.parameters(), board.rankBy(), !board.rankBy().endsWith("_loss"), lines);
    }

    /** One dot per completed run; numbers on a linear axis (log when they span 20× or more), other values evenly. */
    private static String scatter(String parameter, Leaderboard board) {
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
        for (Leaderboard.Row r : board.rows()) {
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
        for (Leaderboard.Row r : board.rows()) {
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
        for (Leaderboard.Row r : board.rows()) {
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
                best.add(first && r.ranked());
            }
            if (r.ranked()) first = false;
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
                    top + ph + 14, escape(values.get(0))));
            s.append(String.format(Locale.ROOT, "<text x=\"%.0f\" y=\"%.0f\" font-size=\"10\" text-anchor=\"end\">"
                    + "%s</text>\n", left + pw, top + ph + 14, escape(values.get(values.size() - 1))));
        } else {
            for (int i = 0; i < values.size(); i++) {
                double fx = values.size() == 1 ? 0.5 : i / (double) (values.size() - 1);
                s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.0f\" font-size=\"10\" "
                        + "text-anchor=\"middle\">%s</text>\n", left + fx * pw, top + ph + 14, escape(values.get(i))));
            }
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%.0f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s%s"
                + "</text>\n", left + pw / 2, h - 8, escape(parameter), log ? " (log scale)" : ""));
        for (int i = 0; i < dots.size(); i++) {
            s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\" "
                    + "fill-opacity=\"0.7\"/>\n", dots.get(i)[0], dots.get(i)[1], best.get(i) ? "#2a8a2a" : "#3366aa"));
        }
        s.append("</svg><figcaption>").append(escape(board.rankBy())).append(" against ").append(escape(parameter))
                .append("</figcaption></figure>\n");
        return s.toString();
    }
}
