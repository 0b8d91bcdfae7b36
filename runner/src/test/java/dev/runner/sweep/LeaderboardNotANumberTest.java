package dev.runner.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A point whose ranking metric is not a number (not measured, as val_accuracy without a split) and one whose run.json
 * is not valid never rank first; the point with a real value does.
 */
class LeaderboardNotANumberTest {
    @TempDir
    Path dir;

    @Test
    void aPointWithoutItsMetricIsNotRankedAndAnInvalidRecordIsNotCompleted() throws IOException {
        Files.writeString(dir.resolve("sweep.json"), """
                {"name": "nan", "rank_by": "val_accuracy", "parameters": ["optimizer.sgd.lr"],
                 "points": [
                  {"index": 1, "id": "aaaaaaaaaaa1", "settings": {"optimizer.sgd.lr": "0.1"}, "seed": 1},
                  {"index": 2, "id": "bbbbbbbbbbb1", "settings": {"optimizer.sgd.lr": "0.01"}, "seed": 1},
                  {"index": 3, "id": "ccccccccccc1", "settings": {"optimizer.sgd.lr": "0.001"}, "seed": 1}
                 ]}
                """);
        record("aaaaaaaaaaa1", "{\"status\": \"completed\", \"final_metrics\": {\"val_accuracy\": null, "
                + "\"test_accuracy\": 0.9}}");
        record("bbbbbbbbbbb1", "{\"status\": \"completed\", \"final_metrics\": {\"val_accuracy\": 7, "
                + "\"test_accuracy\": 0.9}}");
        record("ccccccccccc1", "{\"status\": \"completed\", \"final_metrics\": {\"val_accuracy\": 0.5, "
                + "\"test_accuracy\": 0.45}}");
        Leaderboard board = Leaderboard.write(dir);
        Leaderboard.Row first = board.rows().get(0);
        assertEquals(Map.of("optimizer.sgd.lr", "0.001"), first.settings());
        assertTrue(first.ranked());
        assertFalse(board.rows().get(1).ranked());
        assertFalse(board.rows().get(2).ranked());
        assertEquals("unreadable run.json", board.rows().stream()
                .filter(r -> r.settings().get("optimizer.sgd.lr").equals("0.01")).findFirst().orElseThrow()
                .runs().get(0).status());
        String csv = Files.readString(dir.resolve(Leaderboard.CSV));
        assertFalse(csv.contains("NaN"), csv);
        assertTrue(csv.lines().skip(1).findFirst().orElseThrow().startsWith("1,0.001,"), csv);
    }

    private void record(String id, String json) throws IOException {
        Files.createDirectories(dir.resolve(id));
        Files.writeString(dir.resolve(id).resolve("run.json"), json);
    }
}
