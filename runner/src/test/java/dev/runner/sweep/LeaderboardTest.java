package dev.runner.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runner.util.Stats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The leaderboard of a fixture sweep folder (sweep.json and run.json files as a sweep leaves them, with a failed,
 * an interrupted and a never-run point) against golden files. Regenerate them with
 * {@code -Drunner.golden.update=true} and read the diff.
 */
class LeaderboardTest {
    @TempDir
    Path dir;

    private static final String[] IDS = {"aaaaaaaaaaa1", "aaaaaaaaaaa2", "bbbbbbbbbbb1", "bbbbbbbbbbb2",
        "ccccccccccc1", "ccccccccccc2", "ddddddddddd1", "ddddddddddd2"};

    private void fixture() throws IOException {
        Files.writeString(dir.resolve("sweep.json"), """
                {"name": "fixture", "rank_by": "val_accuracy",
                 "parameters": ["optimizer.adam.lr", "training.batch_size"],
                 "points": [
                  {"index": 1, "id": "aaaaaaaaaaa1", "settings": {"optimizer.adam.lr": "0.01", "training.batch_size": "32"}, "seed": 1},
                  {"index": 2, "id": "aaaaaaaaaaa2", "settings": {"optimizer.adam.lr": "0.01", "training.batch_size": "32"}, "seed": 2},
                  {"index": 3, "id": "bbbbbbbbbbb1", "settings": {"optimizer.adam.lr": "0.001", "training.batch_size": "32"}, "seed": 1},
                  {"index": 4, "id": "bbbbbbbbbbb2", "settings": {"optimizer.adam.lr": "0.001", "training.batch_size": "32"}, "seed": 2},
                  {"index": 5, "id": "ccccccccccc1", "settings": {"optimizer.adam.lr": "0.0001", "training.batch_size": "64"}, "seed": 1},
                  {"index": 6, "id": "ccccccccccc2", "settings": {"optimizer.adam.lr": "0.0001", "training.batch_size": "64"}, "seed": 2},
                  {"index": 7, "id": "ddddddddddd1", "settings": {"optimizer.adam.lr": "0.1", "training.batch_size": "64"}, "seed": 1},
                  {"index": 8, "id": "ddddddddddd2", "settings": {"optimizer.adam.lr": "0.1", "training.batch_size": "64"}, "seed": 2}
                 ]}
                """);
        completed("aaaaaaaaaaa1", 0.84, 0.83);
        completed("aaaaaaaaaaa2", 0.86, 0.85);
        completed("bbbbbbbbbbb1", 0.88, 0.87);
        completed("bbbbbbbbbbb2", 0.90, 0.885);
        completed("ccccccccccc1", 0.70, 0.69);
        Files.createDirectories(dir.resolve("ccccccccccc2")); // killed: no run.json
        Files.createDirectories(dir.resolve("ddddddddddd1"));
        Files.writeString(dir.resolve("ddddddddddd1/run.json"), "{\"status\": \"failed\", \"error\": \"NaN loss\"}");
        // ddddddddddd2 never started
    }

    private void completed(String id, double val, double test) throws IOException {
        Files.createDirectories(dir.resolve(id));
        Files.writeString(dir.resolve(id).resolve("run.json"), "{\"status\": \"completed\", \"final_metrics\": "
                + "{\"train_loss\": 0.3, \"train_accuracy\": 0.9, \"val_loss\": 0.4, \"val_accuracy\": " + val
                + ", \"test_loss\": 0.41, \"test_accuracy\": " + test + "}}");
    }

    @Test
    void matchesTheGoldenFiles() throws IOException {
        fixture();
        Leaderboard.write(dir);
        for (String name : new String[] {Leaderboard.CSV, Leaderboard.MD, Leaderboard.HTML}) {
            String actual = Files.readString(dir.resolve(name));
            Path source = Path.of("src/test/resources/sweep/leaderboard").resolve(name);
            if (Boolean.getBoolean("runner.golden.update")) {
                Files.createDirectories(source.getParent());
                Files.writeString(source, actual);
            }
            assertEquals(Files.readString(source, StandardCharsets.UTF_8), actual, name);
        }
    }

    @Test
    void statusesAndRanking() throws IOException {
        fixture();
        Leaderboard board = Leaderboard.read(dir);
        assertEquals(4, board.rows().size());
        assertEquals("0.001", board.rows().get(0).settings().get("optimizer.adam.lr"));
        assertEquals(0.89, Stats.mean(board.rows().get(0).metrics()), 1e-12);
        assertEquals(Math.sqrt(0.0002), Stats.sampleStd(board.rows().get(0).metrics()), 1e-12);
        assertEquals(PointStatus.INTERRUPTED, PointStatus.of(dir.resolve("ccccccccccc2")));
        assertEquals(PointStatus.FAILED, PointStatus.of(dir.resolve("ddddddddddd1")));
        assertEquals(PointStatus.NEW, PointStatus.of(dir.resolve("ddddddddddd2")));
        assertEquals(PointStatus.DONE, PointStatus.of(dir.resolve(IDS[0])));
    }
}
