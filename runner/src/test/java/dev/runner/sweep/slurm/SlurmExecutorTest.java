package dev.runner.sweep.slurm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runner.TestData;
import dev.runner.config.ExperimentLoader;
import dev.runner.data.DatasetInfo;
import dev.runner.sweep.PointStatus;
import dev.runner.sweep.SlurmOptions;
import dev.runner.sweep.SweepFile;
import dev.runner.sweep.SweepPlan;
import dev.runner.sweep.SweepRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Slurm executor against a real slurmctld and slurmd (scripts/slurm-local): a small MNIST grid of a few hundred
 * images, one epoch, each point an array task running the point JVM a local worker runs. (A whole grid through the
 * command line, equal to a local run, is in cli.SlurmCommandTest.)
 */
@Tag("slurm")
class SlurmExecutorTest {
    private Path dataDir;

    @TempDir
    Path dir;

    /** Each test, so that each one is reported skipped with the reason when there is no cluster. */
    @BeforeEach
    void cluster() throws Exception {
        SlurmCluster.assumeAvailable();
        dataDir = TestData.ensure(DatasetInfo.MNIST);
    }

    private SweepPlan grid(String name, String extra) throws Exception {
        Path file = Files.writeString(dir.resolve(name + ".yaml"), "extends: "
                + TestData.checkout().resolve("experiments/quick.yaml") + "\n" + """
                name: %s
                dataset: {train_limit: 300, validation_limit: 100, test_limit: 100}
                training: {epochs: 1}
                sweep:
                  grid:
                    optimizer.sgd.lr: [0.1, 0.01]
                    training.batch_size: [32, 64]
                %s""".formatted(name, extra));
        try (ExperimentLoader loader = new ExperimentLoader()) {
            return SweepPlan.expand(SweepFile.load(loader, file), List.of(), loader);
        }
    }

    private static SlurmExecutor executor(Integer throttle, boolean detach) {
        return new SlurmExecutor(new SlurmExecutor.Settings(new SlurmOptions("local", "10", 1, "2G", List.of()),
                throttle, detach, Duration.ofSeconds(1)));
    }

    static Map<String, JsonNode> records(SweepPlan plan, Path sweepDir) throws IOException {
        Map<String, JsonNode> out = new TreeMap<>();
        for (SweepPlan.Point p : plan.points()) {
            Path record = sweepDir.resolve(p.id()).resolve("run.json");
            if (Files.isRegularFile(record)) out.put(p.id(), new ObjectMapper().readTree(record.toFile()));
        }
        return out;
    }

    @Test
    void aTaskCancelledWhileRunningIsRerunByTheNextInvocationAndNothingRunsTwice() throws Exception {
        SweepPlan plan = grid("cancel", "");
        Path out = dir.resolve("results");
        Path sweepDir = out.resolve("cancel");
        StringWriter log = new StringWriter();
        SlurmExecutor first = executor(1, true);
        SweepRunner.Summary detached = first.run(plan, new SweepRunner.Options(out, dataDir, 1, false),
                new PrintWriter(log, true));
        assertEquals(0, detached.done());
        String jobId = first.submission().orElseThrow().jobId();
        assertTrue(log.toString().contains("follow:  squeue -j " + jobId), log.toString());
        assertTrue(log.toString().contains("finish:  bin/runner leaderboard " + sweepDir), log.toString());

        // A second invocation while the array still runs would train the same points: refused.
        IOException busy = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> executor(1, false).run(plan, new SweepRunner.Options(out, dataDir, 1, false),
                        new PrintWriter(new StringWriter(), true)));
        assertTrue(busy.getMessage().startsWith("job array " + jobId + " has 4 task(s) pending or running for this "
                + "sweep; follow with squeue -j " + jobId), busy.getMessage());

        // Task 1 is cancelled once it runs (tasks run one at a time: task 0 has ended by then).
        SlurmQueue queue = new SlurmQueue();
        awaitState(queue, jobId, 1, "RUNNING");
        new ProcessBuilder("scancel", jobId + "_1").inheritIO().start().waitFor();
        while (queue.tasks(jobId).orElse(Map.of()).values().stream().anyMatch(SlurmQueue.Task::active)) {
            Thread.sleep(1000);
        }
        SweepPlan.Point cancelled = first.submission().get().points().get(1);
        assertEquals(PointStatus.INTERRUPTED, PointStatus.of(sweepDir.resolve(cancelled.id())));
        Map<String, JsonNode> before = records(plan, sweepDir);
        assertEquals(3, before.size());

        StringWriter log2 = new StringWriter();
        SlurmExecutor second = executor(1, false);
        SweepRunner.Summary s2 = second.run(plan, new SweepRunner.Options(out, dataDir, 1, false),
                new PrintWriter(log2, true));
        String text = log2.toString();
        assertTrue(text.startsWith("cancel: 4 points; 3 done, 1 interrupted (rerunning), 0 to go\n"
                + "  point " + cancelled.index() + " " + cancelled.id() + " (" + cancelled.describe() + ") was "
                + "interrupted: Slurm CANCELLED (task " + jobId + "_1); log: " + sweepDir.resolve(cancelled.id())
                .resolve("slurm-" + jobId + "_1.log") + "\n"), text);
        assertEquals(new SweepRunner.Summary(1, 3, List.of(), 0, sweepDir), s2);
        assertEquals(List.of(cancelled), second.submission().orElseThrow().points());
        Map<String, JsonNode> after = records(plan, sweepDir);
        for (Map.Entry<String, JsonNode> e : before.entrySet()) {
            assertEquals(e.getValue(), after.get(e.getKey()), "point " + e.getKey() + " was trained again");
        }
        assertEquals("completed", after.get(cancelled.id()).path("status").asText());
        // Slurm's log of the cancelled attempt went with the folder; the rerun's is there.
        String secondId = second.submission().get().jobId();
        try (var files = Files.list(sweepDir.resolve(cancelled.id()))) {
            assertEquals(List.of("slurm-" + secondId + "_0.log"), files.map(f -> f.getFileName().toString())
                    .filter(n -> n.startsWith("slurm-")).toList());
        }
    }

    @Test
    void aTimeLimitTooShortForAPointIsReportedAsTimeout() throws Exception {
        // One minute is Slurm's shortest limit; it stops the task 60-90 s after it starts. 1,000 epochs of 2,000
        // images never end that soon, and the test lasts only as long as the limit.
        Path file = Files.writeString(dir.resolve("slow.yaml"), "extends: "
                + TestData.checkout().resolve("experiments/quick.yaml") + "\n" + """
                name: slow
                training: {epochs: 1000}
                sweep:
                  seeds: [1]
                """);
        SweepPlan plan;
        try (ExperimentLoader loader = new ExperimentLoader()) {
            plan = SweepPlan.expand(SweepFile.load(loader, file), List.of(), loader);
        }
        StringWriter log = new StringWriter();
        SlurmExecutor slurm = new SlurmExecutor(new SlurmExecutor.Settings(new SlurmOptions("local", "1", 1, null,
                List.of()), null, false, Duration.ofSeconds(2)));
        SweepRunner.Summary s = slurm.run(plan, new SweepRunner.Options(dir, dataDir, 1, false),
                new PrintWriter(log, true));
        String jobId = slurm.submission().orElseThrow().jobId();
        SweepPlan.Point p = plan.points().get(0);
        Path taskLog = dir.resolve("slow").resolve(p.id()).resolve("slurm-" + jobId + "_0.log");
        assertEquals(new SweepRunner.Summary(0, 0, List.of(), 1, dir.resolve("slow")), s, log.toString());
        assertTrue(log.toString().contains("point " + p.index() + " " + p.id() + " (" + p.describe()
                + ") interrupted: Slurm TIMEOUT (TimeLimit) (task " + jobId + "_0); log: " + taskLog + "\n"),
                log.toString());
        Matcher m = Pattern.compile("CANCELLED AT \\S+ DUE TO TIME LIMIT").matcher(Files.readString(taskLog));
        assertTrue(m.find(), Files.readString(taskLog));
    }

    static void awaitState(SlurmQueue queue, String jobId, int index, String state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            SlurmQueue.Task t = queue.tasks(jobId).orElse(Map.of()).get(index);
            if (t != null && t.state().equals(state)) return;
            Thread.sleep(500);
        }
        throw new AssertionError("task " + jobId + "_" + index + " never became " + state);
    }
}
