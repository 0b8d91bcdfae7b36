package dev.runner.sweep;

import static dev.runner.sweep.Leaderboard.meanStd;
import static dev.runner.sweep.Leaderboard.status;

import java.util.ArrayList;
import java.util.List;

/** {@code leaderboard.md}: the ranked table and the best point's line, as {@code runner leaderboard} prints it. */
final class LeaderboardMarkdown implements LeaderboardWriter {
    @Override
    public String write(Leaderboard board) {
        StringBuilder b = new StringBuilder("# Leaderboard: " + board.name() + "\n\n");
        b.append("Ranked by ").append(board.rankBy()).append(" (final epoch; mean ± std over seeds")
                .append(board.rankBy().endsWith("_loss") ? ", lower is better" : ", higher is better").append(").\n\n");
        List<String> header = new ArrayList<>(List.of("rank"));
        header.addAll(board.parameters());
        header.addAll(List.of(board.rankBy(), "seeds"));
        b.append("| ").append(String.join(" | ", header)).append(" |\n");
        b.append("|").append("---|".repeat(header.size())).append("\n");
        int rank = 0;
        for (Leaderboard.Row r : board.rows()) {
            List<String> cells = new ArrayList<>();
            cells.add(r.ranked() ? Integer.toString(++rank) : "–");
            for (String p : board.parameters()) cells.add(r.settings().getOrDefault(p, ""));
            cells.add(r.ranked() ? meanStd(r.metrics()) : status(r));
            cells.add(r.metrics().size() + "/" + r.runs().size());
            b.append("| ").append(String.join(" | ", cells)).append(" |\n");
        }
        b.append('\n').append(board.bestLine()).append('\n');
        return b.toString();
    }
}
