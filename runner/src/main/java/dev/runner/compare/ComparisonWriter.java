package dev.runner.compare;

import dev.runner.util.Html;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** A comparison {@link Comparison.Table} as an aligned terminal table, CSV, Markdown and a sortable HTML page. */
public final class ComparisonWriter {
    static final String GROUPING_NOTE = "rows of several runs (same config, different seeds): mean ± sample standard "
            + "deviation";
    private static final int WRAP = 110;

    private ComparisonWriter() {
    }

    static String summary(Comparison.Table t) {
        String s = t.runCount() + (t.runCount() == 1 ? " run" : " runs");
        if (t.rows().size() != t.runCount()) {
            s += " in " + t.rows().size() + (t.rows().size() == 1 ? " row; " : " rows; ") + GROUPING_NOTE;
        }
        return s;
    }

    private static List<String> commonPairs(Comparison.Table t) {
        return t.common().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    /** The terminal table: a summary line, the common config values (wrapped), then the aligned columns. */
    public static String text(Comparison.Table t) {
        StringBuilder b = new StringBuilder();
        b.append(summary(t)).append('\n');
        List<String> pairs = commonPairs(t);
        if (!pairs.isEmpty()) {
            StringBuilder line = new StringBuilder("same in all: ");
            for (int i = 0; i < pairs.size(); i++) {
                String piece = pairs.get(i) + (i < pairs.size() - 1 ? "," : "");
                if (line.length() + 1 + piece.length() > WRAP && line.length() > 2) {
                    b.append(line.toString().stripTrailing()).append('\n');
                    line = new StringBuilder("  ");
                } else if (line.length() > 2 && !line.toString().endsWith(": ")) {
                    line.append(' ');
                }
                line.append(piece);
            }
            b.append(line).append('\n');
        }
        b.append('\n');
        List<Comparison.Column> cols = t.columns();
        int[] widths = new int[cols.size()];
        for (int c = 0; c < cols.size(); c++) {
            widths[c] = cols.get(c).id().length();
            for (Comparison.Row r : t.rows()) widths[c] = Math.max(widths[c], r.cell(cols.get(c).id()).text().length());
        }
        List<String> header = cols.stream().map(Comparison.Column::id).toList();
        b.append(line(header, widths, cols)).append('\n');
        for (Comparison.Row r : t.rows()) {
            b.append(line(cols.stream().map(c -> r.cell(c.id()).text()).toList(), widths, cols)).append('\n');
        }
        return b.toString();
    }

    private static String line(List<String> cells, int[] widths, List<Comparison.Column> cols) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) b.append("  ");
            String s = cells.get(i);
            boolean right = cols.get(i).kind() == Comparison.Kind.NUMBER;
            String pad = " ".repeat(widths[i] - s.length());
            b.append(right ? pad + s : (i == cells.size() - 1 ? s : s + pad));
        }
        return b.toString().stripTrailing();
    }

    /**
     * {@code comparison.csv}: one row per table row, numbers as plain values (a group's mean), and, when some row is
     * a group, a {@code <column>_std} column after each number column; a group's run_id cell lists every run id.
     */
    public static String csv(Comparison.Table t) throws IOException {
        List<String> header = new ArrayList<>();
        boolean std = t.hasGroups();
        for (Comparison.Column c : t.columns()) {
            header.add(c.id());
            if (std && hasSpread(c)) header.add(c.id() + "_std");
        }
        StringWriter out = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator('\n')
                .setHeader(header.toArray(String[]::new)).build())) {
            for (Comparison.Row r : t.rows()) {
                List<String> row = new ArrayList<>();
                for (Comparison.Column c : t.columns()) {
                    Comparison.Cell cell = r.cell(c.id());
                    row.add(cell.csv());
                    if (std && hasSpread(c)) row.add(spread(cell, c));
                }
                p.printRecord(row);
            }
        }
        return out.toString();
    }

    private static boolean hasSpread(Comparison.Column c) {
        return Comparison.hasSpread(c.id());
    }

    private static String spread(Comparison.Cell cell, Comparison.Column c) {
        if (Double.isNaN(cell.std())) return "";
        int decimals = cell.csv().contains(".") ? cell.csv().length() - cell.csv().indexOf('.') - 1 : 0;
        return String.format(Locale.ROOT, "%." + decimals + "f", cell.std());
    }

    /** {@code comparison.md}: a heading, the summary, the common values, and a pipe table. */
    public static String markdown(Comparison.Table t) {
        StringBuilder b = new StringBuilder("# Comparison\n\n");
        b.append(summary(t)).append(".\n\n");
        List<String> pairs = commonPairs(t);
        if (!pairs.isEmpty()) {
            b.append("Same in all: ").append(pairs.stream().map(p -> "`" + p + "`").collect(Collectors.joining(", ")))
                    .append("\n\n");
        }
        List<Comparison.Column> cols = t.columns();
        b.append('|');
        for (Comparison.Column c : cols) b.append(' ').append(md(c.id())).append(" |");
        b.append("\n|");
        for (Comparison.Column c : cols) b.append(c.kind() == Comparison.Kind.NUMBER ? "---:|" : "---|");
        b.append('\n');
        for (Comparison.Row r : t.rows()) {
            b.append('|');
            for (Comparison.Column c : cols) b.append(' ').append(md(r.cell(c.id()).text())).append(" |");
            b.append('\n');
        }
        return b.toString();
    }

    private static String md(String s) {
        return s.replace("\\", "\\\\").replace("|", "\\|");
    }

    /**
     * {@code comparison.html}: the table with every header clickable to sort (a few lines of inline script), and each
     * row's test (solid) and validation (dashed) accuracy per epoch as a small inline SVG chart on a shared scale.
     */
    public static String html(Comparison.Table t) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Comparison.Row r : t.rows()) {
            for (RunFolder run : r.runs()) {
                for (List<Double> curve : List.of(run.testAccuracy(), run.valAccuracy())) {
                    for (double v : curve) {
                        if (Double.isNaN(v)) continue;
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
        }
        if (lo > hi) {
            lo = 0;
            hi = 1;
        }
        StringBuilder b = new StringBuilder(1 << 14);
        b.append("""
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <title>Comparison of runs</title>
                <style>
                body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:2em;color:#222}
                table{border-collapse:collapse;font-variant-numeric:tabular-nums}
                th,td{border:1px solid #ddd;padding:.3em .6em;white-space:nowrap}
                th{background:#f4f6f8;cursor:pointer;user-select:none;white-space:normal;vertical-align:bottom}
                td.c{white-space:normal;min-width:3em;max-width:22em;font-size:.92em}
                .wrap{overflow-x:auto}
                th.asc::after{content:" \\25B2";font-size:.7em} th.desc::after{content:" \\25BC";font-size:.7em}
                td.n{text-align:right} tr:hover td{background:#fafcff}
                .common{color:#555;max-width:80em} .common code{background:#f4f6f8;padding:0 .2em;margin-right:.3em}
                .legend{color:#555;font-size:.9em}
                </style>
                </head>
                <body>
                <h1>Comparison</h1>
                """);
        b.append("<p>").append(Html.escape(summary(t))).append(".</p>\n");
        List<String> pairs = commonPairs(t);
        if (!pairs.isEmpty()) {
            b.append("<p class=\"common\">Same in all: ");
            for (String p : pairs) b.append("<code>").append(Html.escape(p)).append("</code> ");
            b.append("</p>\n");
        }
        b.append(String.format(Locale.ROOT, "<p class=\"legend\">Accuracy per epoch: test (solid, blue) and validation "
                + "(dashed, orange); all on one accuracy scale, %.2f%% (bottom) to %.2f%% (top), each over its own epochs. Click a header to sort.</p>%n",
                100 * lo, 100 * hi));
        b.append("<div class=\"wrap\">\n<table id=\"runs\">\n<thead><tr>");
        List<Comparison.Column> cols = t.columns();
        // The curve goes right after the columns that say which run a row is, so it is seen without scrolling.
        int curveAt = 0;
        while (curveAt < cols.size() && List.of("name", "run_id", "runs").contains(cols.get(curveAt).id())) curveAt++;
        for (int i = 0; i <= cols.size(); i++) {
            if (i == curveAt) b.append("<th data-type=\"none\">accuracy per epoch</th>");
            if (i == cols.size()) break;
            Comparison.Column c = cols.get(i);
            b.append("<th data-type=\"").append(c.kind() == Comparison.Kind.TEXT ? "text" : "auto").append("\">")
                    .append(breakable(c.id())).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        for (Comparison.Row r : t.rows()) {
            b.append("<tr>");
            for (int i = 0; i <= cols.size(); i++) {
                if (i == curveAt) b.append("<td>").append(sparkline(r, lo, hi)).append("</td>");
                if (i == cols.size()) break;
                Comparison.Column c = cols.get(i);
                Comparison.Cell cell = r.cell(c.id());
                b.append(c.kind() == Comparison.Kind.NUMBER ? "<td class=\"n\""
                        : c.kind() == Comparison.Kind.CONFIG ? "<td class=\"c\"" : "<td");
                if (!Double.isNaN(cell.value())) {
                    b.append(" data-v=\"").append(Double.toString(cell.value())).append('"');
                }
                if (c.id().equals("run_id") && r.runs().size() > 1) {
                    b.append(" title=\"").append(Html.escape(cell.csv())).append('"');
                }
                b.append('>').append(Html.escape(cell.text())).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n</div>\n");
        b.append("""
                <script>
                // Click a header: sort by that column (numbers by value, text alphabetically); click again to reverse.
                document.querySelectorAll('#runs th').forEach((th, col) => th.addEventListener('click', () => {
                  if (th.dataset.type === 'none') return;
                  const body = document.querySelector('#runs tbody');
                  const asc = !th.classList.contains('asc');
                  document.querySelectorAll('#runs th').forEach(h => h.classList.remove('asc', 'desc'));
                  th.classList.add(asc ? 'asc' : 'desc');
                  const key = tr => { const td = tr.children[col];
                    return td.dataset.v !== undefined ? parseFloat(td.dataset.v) : td.textContent; };
                  const rows = Array.from(body.rows).sort((a, b) => { const x = key(a), y = key(b);
                    const c = (typeof x === 'number' && typeof y === 'number') ? x - y : String(x).localeCompare(String(y));
                    return asc ? c : -c; });
                  rows.forEach(tr => body.appendChild(tr));
                }));
                </script>
                </body>
                </html>
                """);
        return b.toString();
    }

    /** A column name that may wrap after its dots, underscores and brackets (long config keys). */
    private static String breakable(String id) {
        return Html.escape(id).replaceAll("([._\\]])", "$1<wbr>");
    }

    /** Test (solid, blue) and validation (dashed, orange) accuracy of every run of a row, as one small SVG. */
    static String sparkline(Comparison.Row r, double lo, double hi) {
        int w = 140;
        int h = 36;
        StringBuilder b = new StringBuilder();
        b.append("<svg width=\"").append(w).append("\" height=\"").append(h).append("\" viewBox=\"0 0 ").append(w)
                .append(' ').append(h).append("\" role=\"img\"><title>");
        b.append(Html.escape(String.format(Locale.ROOT, "test accuracy %s", r.runs().stream()
                .map(run -> run.testAccuracy().stream().map(v -> String.format(Locale.ROOT, "%.4f", v))
                        .collect(Collectors.joining(" → "))).collect(Collectors.joining("; ")))));
        b.append("</title><rect x=\"0.5\" y=\"0.5\" width=\"").append(w - 1).append("\" height=\"").append(h - 1)
                .append("\" fill=\"#fff\" stroke=\"#e3e3e3\"/>");
        for (RunFolder run : r.runs()) {
            polyline(b, run.valAccuracy(), lo, hi, w, h, "#ff7f0e", " stroke-dasharray=\"3 2\"");
            polyline(b, run.testAccuracy(), lo, hi, w, h, "#1f77b4", "");
        }
        b.append("</svg>");
        return b.toString();
    }

    private static void polyline(StringBuilder b, List<Double> values, double lo, double hi, int w,
                                 int h, String color, String extra) {
        List<String> points = new ArrayList<>();
        double span = hi - lo > 1e-12 ? hi - lo : 1;
        for (int i = 0; i < values.size(); i++) {
            double v = values.get(i);
            if (Double.isNaN(v)) continue;
            double x = 4 + (values.size() == 1 ? (w - 8) / 2.0 : i * (w - 8.0) / (values.size() - 1));
            double y = h - 4 - (v - lo) / span * (h - 8);
            points.add(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
        }
        if (points.isEmpty()) return;
        if (points.size() == 1) {
            String[] xy = points.get(0).split(",");
            b.append("<circle cx=\"").append(xy[0]).append("\" cy=\"").append(xy[1]).append("\" r=\"2\" fill=\"")
                    .append(color).append("\"/>");
            return;
        }
        b.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"1.5\"").append(extra)
                .append(" points=\"").append(String.join(" ", points)).append("\"/>");
    }

    /** The three files by name: comparison.csv, comparison.md, comparison.html. */
    public static Map<String, String> files(Comparison.Table t) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("comparison.csv", csv(t));
        files.put("comparison.md", markdown(t));
        files.put("comparison.html", html(t));
        return files;
    }
}
