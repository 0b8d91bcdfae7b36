package dev.runner.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runner.TestData;
import dev.runner.config.ExperimentLoader;
import dev.runner.data.DatasetInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "done when": a 12-point grid over 2 seeds on a subset runs with 2 workers (each point in its own JVM),
 * is interrupted (the sweep aborted mid-point: running children killed, as Ctrl-C or kill does) and resumed, and
 * nothing is lost or done twice; then the same points with 1 worker give the same params_sha256 as with 2.
 */
class SweepResumeTest {
    private static Path dataDir;

    @TempDir
    Path dir;

    @BeforeAll
    static void data() throws Exception {
        dataDir = TestData.ensure(DatasetInfo.MNIST);
    }

    private Path sweepFile(String name, String lrs) throws IOException {
        return Files.writeString(dir.resolve(name), "extends: " + TestData.checkout().resolve("experiments/quick.yaml")
                + "\n" + """
                name: resume
                dataset: {train_limit: 200, validation_limit: 100, test_limit: 100}
                training: {epochs: 1}
                sweep:
                  grid:
                    optimizer.sgd.lr: %s
                    training.batch_size: [32, 64]
                    model.layers[4].dense.units: [16, 32]
                  seeds: [1, 2]
                """.formatted(lrs));
    }

    private static SweepPlan plan(Path file) throws Exception {
        try (ExperimentLoader loader = new ExperimentLoader()) {
            return SweepPlan.expand(SweepFile.load(loader, file), List.of(), loader);
        }
    }

    private static Map<String, JsonNode> records(Path sweepDir) throws IOException {
        Map<String, JsonNode> out = new HashMap<>();
        try (Stream<Path> s = Files.list(sweepDir)) {
            for (Path p : s.filter(Files::isDirectory).toList()) {
                Path record = p.resolve("run.json");
                if (Files.isRegularFile(record)) out.put(p.getFileName().toString(),
                        new ObjectMapper().readTree(record.toFile()));
            }
        }
        return out;
    }

    private static long folders(Path sweepDir) throws IOException {
        try (Stream<Path> s = Files.list(sweepDir)) {
            return s.filter(Files::isDirectory).count();
        }
    }

    @Test
    void interruptedAndResumedWithoutLossOrRepetitionAndWorkersDoNotChangeResults() throws Exception {
        SweepPlan plan = plan(sweepFile("grid.yaml", "[0.1, 0.05, 0.01]"));
        assertEquals(24, plan.points().size());
        Path out = dir.resolve("results");
        Path sweepDir = out.resolve("resume");

        // First run: 2 workers, aborted once 5 points have completed; the other worker's child is killed mid-point.
        SweepRunner first = new SweepRunner();
        AtomicInteger completed = new AtomicInteger();
        first.listener(new SweepRunner.Listener() {
            @Override
            public void pointEnded(SweepPlan.Point point, PointStatus status) {
                if (status == PointStatus.DONE && completed.incrementAndGet() == 5) first.abort();
            }
        });
        StringWriter log1 = new StringWriter();
        SweepRunner.Summary s1 = first.run(plan, new SweepRunner.Options(out, dataDir, 2, false),
                new PrintWriter(log1, true));
        assertTrue(s1.interrupted() > 0, log1.toString());
        Map<String, JsonNode> before = records(sweepDir);
        long done = before.values().stream().filter(r -> r.path("status").asText().equals("completed")).count();
        assertTrue(done >= 5 && done < 24, log1.toString());
        long partial = folders(sweepDir) - before.size();
        Map<PointStatus, Integer> census = SweepRunner.census(plan, sweepDir);
        assertEquals((int) done, (int) census.get(PointStatus.DONE));
        assertEquals((int) partial, (int) census.get(PointStatus.INTERRUPTED));
        assertEquals(0, census.get(PointStatus.FAILED));

        // Resume: only what is not done runs, and the line says so.
        ZonedDateTime resumedAt = ZonedDateTime.now();
        StringWriter log2 = new StringWriter();
        SweepRunner.Summary s2 = new SweepRunner().run(plan, new SweepRunner.Options(out, dataDir, 2, false),
                new PrintWriter(log2, true));
        String expected = done + " done, " + (partial > 0 ? partial + " interrupted (rerunning), " : "")
                + (24 - done - partial) + " to go";
        assertTrue(log2.toString().startsWith("resume: 24 points; " + expected + "\n"), log2.toString());
        assertEquals(24 - done, s2.done(), log2.toString());
        assertEquals(List.of(), s2.failures());
        assertEquals(0, s2.interrupted());

        Map<String, JsonNode> after = records(sweepDir);
        assertEquals(24, folders(sweepDir), "one folder per point, none lost, none extra");
        assertEquals(24, after.size());
        for (SweepPlan.Point p : plan.points()) {
            JsonNode r = after.get(p.id());
            assertEquals("completed", r.path("status").asText(), p.describe());
            JsonNode earlier = before.get(p.id());
            ZonedDateTime started = ZonedDateTime.parse(r.path("started_at").asText());
            if (earlier != null && earlier.path("status").asText().equals("completed")) {
                assertEquals(earlier.path("started_at").asText(), r.path("started_at").asText(),
                        "done in the first run, not trained again: " + p.describe());
            } else {
                assertTrue(!started.isBefore(resumedAt.withNano(0)), "trained in the resumed run: " + p.describe());
            }
            assertEquals(p.seed(), r.path("seed").asLong());
        }
        for (String f : List.of(Leaderboard.CSV, Leaderboard.MD, Leaderboard.HTML)) {
            Leaderboard.write(sweepDir);
            assertTrue(Files.isRegularFile(sweepDir.resolve(f)), f);
        }
        assertEquals(12, Leaderboard.read(sweepDir).rows().size());

        // The same points with one worker, elsewhere: the same parameters, bit for bit.
        SweepPlan subset = plan(sweepFile("subset.yaml", "[0.05]"));
        assertEquals(8, subset.points().size());
        Path out1 = dir.resolve("one-worker");
        SweepRunner.Summary s3 = new SweepRunner().run(subset, new SweepRunner.Options(out1, dataDir, 1, false),
                new PrintWriter(new StringWriter(), true));
        assertEquals(8, s3.done());
        Map<String, JsonNode> single = records(out1.resolve("resume"));
        for (SweepPlan.Point p : subset.points()) {
            assertTrue(after.containsKey(p.id()), "the subset's points are points of the grid: " + p.describe());
            assertEquals(after.get(p.id()).path("params_sha256").asText(),
                    single.get(p.id()).path("params_sha256").asText(), p.describe());
            assertEquals(after.get(p.id()).path("config_sha256").asText(),
                    single.get(p.id()).path("config_sha256").asText(), p.describe());
        }
    }
}
