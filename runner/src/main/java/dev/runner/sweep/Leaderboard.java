package dev.runner.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runner.results.RunLayout;
import dev.runner.results.RunRecord;
import dev.runner.results.RunStatus;
import dev.runner.util.AtomicFiles;
import dev.runner.util.Stats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sweep's results, read back from its folder ({@code sweep.json} and each point's {@code run.json}): one row per
 * setting of the swept parameters, seeds aggregated as mean ± sample standard deviation of the final epoch's
 * {@code rank_by}, ranked best first (highest accuracy, lowest loss); the test accuracy is shown for the best row
 * only, since choosing by it would tune on the test set. Written in each {@link LeaderboardFormat} by its
 * {@link LeaderboardWriter}.
 */
public final class Leaderboard {
    public static final String CSV = LeaderboardFormat.CSV.fileName();
    public static final String MD = LeaderboardFormat.MARKDOWN.fileName();
    public static final String HTML = LeaderboardFormat.HTML.fileName();

    /** One run of a row: its seed and final metrics (NaN when it did not complete). */
    public record Run(String id, long seed, String status, double metric, double testAccuracy) {
        boolean completed() {
            return status.equals(RunStatus.COMPLETED.json());
        }

        boolean pruned() {
            return status.startsWith(RunStatus.PRUNED.json());
        }
    }

    public record Row(Map<String, String> settings, List<Run> runs) {
        /** Whether any of its runs completed, so that it has a place in the ranking. */
        boolean ranked() {
            return !metrics().isEmpty() && Double.isFinite(Stats.mean(metrics()));
        }

        List<Double> metrics() {
            return runs.stream().filter(Run::completed).map(Run::metric).toList();
        }

        /** Whether it has no completed run but a pruned one: listed apart, after the ranked rows. */
        boolean pruned() {
            return !ranked() && runs.stream().anyMatch(Run::pruned);
        }

        /** The {@code rank_by} values of its pruned runs, each at the epoch it reached. */
        List<Double> prunedMetrics() {
            return runs.stream().filter(Run::pruned).map(Run::metric).toList();
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
                    if (run.is(RunStatus.PRUNED) && run.epochsCompleted() != null) {
                        status = RunStatus.PRUNED.json() + " after epoch " + run.epochsCompleted();
                    }
                    Double m = run.finalMetrics().get(rankBy);
                    if (m != null) metric = m;
                    Double t = run.finalMetrics().get("test_accuracy");
                    if (t != null) test = t;
                } catch (RunRecord.UnreadableException e) {
                    status = "unreadable run.json";
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
        Comparator<Row> byMetric = Comparator.comparingDouble(r -> Stats.mean(r.metrics()));
        if (!lowerIsBetter) byMetric = byMetric.reversed();
        List<Row> ranked = new ArrayList<>();
        List<Row> pruned = new ArrayList<>();
        List<Row> unranked = new ArrayList<>();
        // a row without a finite mean (its metric missing or not a number) has no place in the ranking, never first
        groups.forEach((s, runs) -> {
            Row row = new Row(s, runs);
            (row.ranked() ? ranked : row.pruned() ? pruned : unranked).add(row);
        });
        ranked.sort(byMetric); // stable: ties keep plan order
        // Pruned rows come apart, after the ranked ones: their metric is from an earlier epoch, not comparable.
        Comparator<Row> byPrunedMetric = Comparator.comparingDouble(r -> Stats.mean(r.prunedMetrics()));
        pruned.sort(lowerIsBetter ? byPrunedMetric : byPrunedMetric.reversed());
        ranked.addAll(pruned);
        ranked.addAll(unranked);
        return new Leaderboard(sweep.path("name").asText(), rankBy, parameters, ranked);
    }

    /** Reads {@code sweepDir} and writes the leaderboard into it in every format. */
    public static Leaderboard write(Path sweepDir) throws IOException {
        Leaderboard board = read(sweepDir);
        for (LeaderboardFormat format : LeaderboardFormat.values()) {
            AtomicFiles.writeString(sweepDir.resolve(format.fileName()), format.writer().write(board));
        }
        return board;
    }

    public String name() {
        return name;
    }

    /** The metric rows are ranked by, a metrics.csv column. */
    public String rankBy() {
        return rankBy;
    }

    /** The swept parameters, by dotted key. */
    public List<String> parameters() {
        return parameters;
    }

    /** As {@code leaderboard.md} has it; what {@code runner leaderboard} prints. */
    public String markdown() {
        return LeaderboardFormat.MARKDOWN.writer().write(this);
    }

    /** The best row's settings and figures, test accuracy included, or that none has completed. */
    String bestLine() {
        if (rows.isEmpty() || !rows.get(0).ranked()) return "No point has completed yet.";
        Row best = rows.get(0);
        List<String> s = new ArrayList<>();
        best.settings().forEach((k, v) -> s.add(k + "=" + v));
        return "Best point" + (s.isEmpty() ? "" : " (" + String.join(", ", s) + ")") + ": " + rankBy + " "
                + meanStd(best.metrics()) + "; test accuracy " + meanStd(best.tests())
                + " (reported, not used to rank).";
    }

    /** What became of a row's runs when none completed: "failed, not run". */
    static String status(Row r) {
        String s = r.runs().stream().map(Run::status).distinct().sorted().reduce((a, c) -> a + ", " + c).orElse("");
        return r.pruned() ? s + ": " + meanStd(r.prunedMetrics()) : s;
    }

    static String meanStd(List<Double> xs) {
        if (xs.isEmpty()) return "–";
        return xs.size() == 1 ? num(xs.get(0)) : num(Stats.mean(xs)) + " ± " + num(Stats.sampleStd(xs));
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
