package dev.runner.sweep;

import static dev.runner.sweep.Leaderboard.num;

import dev.runner.util.Stats;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * {@code leaderboard.csv}: one row per setting, for scripts: mean and sample std of {@code rank_by} over the seeds that
 * completed, seeds completed and planned, the test accuracy of the best row only, and the point ids of each row.
 */
final class LeaderboardCsv implements LeaderboardWriter {
    @Override
    public String write(Leaderboard board) {
        try {
            return table(board);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
    }

    private static String table(Leaderboard board) throws IOException {
        List<String> header = new ArrayList<>(List.of("rank"));
        header.addAll(board.parameters());
        header.addAll(List.of(board.rankBy() + "_mean", board.rankBy() + "_std", "seeds_completed", "seeds_planned",
                "test_accuracy_mean", "test_accuracy_std", "runs"));
        StringWriter w = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build())) {
            csv.printRecord(header);
            int rank = 0;
            for (Leaderboard.Row r : board.rows()) {
                List<Object> rec = new ArrayList<>();
                rec.add(r.ranked() ? Integer.toString(++rank) : "-");
                for (String p : board.parameters()) rec.add(r.settings().getOrDefault(p, ""));
                rec.add(r.ranked() ? num(Stats.mean(r.metrics())) : "");
                rec.add(r.metrics().size() > 1 ? num(Stats.sampleStd(r.metrics())) : "");
                rec.add(r.metrics().size());
                rec.add(r.runs().size());
                boolean best = rank == 1 && r.ranked();
                rec.add(best ? num(Stats.mean(r.tests())) : "");
                rec.add(best && r.tests().size() > 1 ? num(Stats.sampleStd(r.tests())) : "");
                rec.add(String.join(" ", r.runs().stream().map(Leaderboard.Run::id).toList()));
                csv.printRecord(rec);
            }
        }
        return w.toString();
    }
}
