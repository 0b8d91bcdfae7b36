package dev.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runner.TestData;
import dev.runner.data.DatasetInfo;
import dev.runner.results.MetricsCsv;
import dev.runner.results.RunLayout;
import dev.runner.run.ResumeFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "done when" for resume, with real processes: a run in a child JVM is killed with SIGKILL right after
 * epoch 1 (and, another, right after epoch 2) of 3 completed, then {@code runner resume} finishes it in a new JVM;
 * it ends with the same {@code params_sha256} and the same {@code metrics.csv} (timing columns aside) as a run that
 * was never interrupted. For a plain model, for a batch-norm model with augmentation, dropout, a schedule, a
 * checkpoint and early stopping, and for a sweep point whose JVM is killed and which the sweep's rerun resumes.
 */
class ResumeKillTest {
    private static Path dataDir;

    @TempDir
    Path dir;

    @BeforeAll
    static void data() throws Exception {
        dataDir = TestData.ensure(DatasetInfo.MNIST);
    }

    private static final String PLAIN = """
            name: plain
            seed: 11
            dataset: {name: mnist, validation_split: 0.1, train_limit: 500, validation_limit: 200, test_limit: 200}
            transforms:
              train: [{normalize: auto}]
              eval: [{normalize: auto}]
            model:
              layers:
                - conv2d: {filters: 4, kernel: 3}
                - relu
                - maxpool: 2
                - flatten
                - dense: 10
            optimizer:
              sgd: {lr: 0.05, momentum: 0.9}
            training: {epochs: 3, batch_size: 32}
            """;

    private static final String BATCHNORM = """
            name: bn
            seed: 5
            dataset: {name: mnist, validation_split: 0.1, train_limit: 500, validation_limit: 200, test_limit: 200}
            transforms:
              train:
                - random_crop: {size: 28, padding: 2}
                - random_rotation: {degrees: 10}
                - normalize: auto
                - random_erasing: {p: 0.5}
              eval: [{normalize: auto}]
            model:
              layers:
                - conv2d: {filters: 4, kernel: 3, bias: false}
                - batchnorm
                - relu
                - maxpool: 2
                - flatten
                - dense: {units: 32, activation: relu}
                - dropout: 0.3
                - dense: 10
            optimizer:
              adam: {lr: 0.003, weight_decay: 0.0001}
            schedule:
              step: {step_size: 1, gamma: 0.5}
              warmup: {epochs: 1}
            training: {epochs: 3, batch_size: 32}
            checkpoint: {monitor: val_loss}
            early_stopping: {monitor: val_accuracy, patience: 10}
            """;

    /**
     * The plain model, and the same experiment as the one point of a sweep whose point JVM is killed after epoch 1:
     * the sweep's rerun resumes the point, which ends as the uninterrupted run (the point differs only in its name,
     * which no number depends on).
     */
    @Test
    void plainModelAndASweepPointKilledAfterAnEpochEndAsIfNeverInterrupted() throws Exception {
        Path experiment = Files.writeString(dir.resolve("plain.yaml"), PLAIN);
        Path sweep = Files.writeString(dir.resolve("sweep.yaml"), "extends: " + experiment + "\n" + """
                name: resumed-sweep
                sweep:
                  grid:
                    training.batch_size: [32]
                """);
        Path out = dir.resolve("sweep");
        Process first = runner("sweep", sweep.toString(), "--out", out.toString());
        CompletableFuture<Path> killedPoint = CompletableFuture.supplyAsync(() -> {
            try {
                // The sweep's one child is the point's JVM.
                ProcessHandle pointJvm = null;
                while (pointJvm == null && first.isAlive()) {
                    pointJvm = first.toHandle().children().findFirst().orElse(null);
                    Thread.sleep(10);
                }
                assertTrue(pointJvm != null, "no point JVM under the sweep: " + log(first));
                Path point = waitForState(out.resolve("resumed-sweep"), 1, first);
                pointJvm.destroyForcibly(); // SIGKILL, as a time limit or the OOM killer would
                pointJvm.onExit().get(60, TimeUnit.SECONDS);
                return point;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });

        Map<Integer, Path> runs = killAndResume(experiment, "plain");

        Path point = killedPoint.get();
        finish(first, "the sweep whose point was killed");
        assertEquals(1, ResumeFile.read(point.resolve(RunLayout.RESUME)).epoch(), "killed right after epoch 1");
        assertFalse(Files.exists(point.resolve(RunLayout.RECORD)), "the killed point has no record");
        Process rerun = runner("sweep", sweep.toString(), "--out", out.toString());
        assertEquals(0, finish(rerun, "the sweep's rerun"));
        Path reference = onlyRun(dir.resolve("reference").resolve("plain"));
        JsonNode expected = json(reference.resolve(RunLayout.RECORD));
        JsonNode actual = json(point.resolve(RunLayout.RECORD));
        assertEquals("completed", actual.path("status").asText());
        assertEquals(1, actual.path("resumed_from_epoch").asInt(), actual.toString());
        assertEquals(expected.path("params_sha256").asText(), actual.path("params_sha256").asText());
        assertSameMetrics(reference, point);
        assertTrue(Files.readString(point.resolve("point.log")).contains("resuming after epoch 1"));
        System.out.printf("resume (sweep point): uninterrupted params_sha256 %s; point killed after epoch 1 and "
                + "resumed by the sweep's rerun: %s%n", expected.path("params_sha256").asText(),
                actual.path("params_sha256").asText());
    }

    @Test
    void batchNormAugmentationDropoutScheduleCheckpointAndEarlyStoppingResumeBitForBit() throws Exception {
        Map<Integer, Path> resumed = killAndResume(Files.writeString(dir.resolve("bn.yaml"), BATCHNORM), "bn");
        for (Path run : resumed.values()) {
            JsonNode record = json(run.resolve(RunLayout.RECORD));
            assertTrue(record.path("checkpoint").path("best_epoch").isInt(), record.toString());
            assertFalse(record.path("early_stopping").path("stopped_early").asBoolean(), record.toString());
            assertTrue(Files.isRegularFile(run.resolve(RunLayout.BEST_MODEL)));
        }
    }

    /**
     * Runs the experiment uninterrupted, and twice more killed after epoch 1 and after epoch 2, all three at once;
     * then resumes both killed runs and compares them with the uninterrupted one. The resumed run folders by the
     * epoch they were killed after.
     */
    private Map<Integer, Path> killAndResume(Path file, String name) throws Exception {
        Process reference = runner(file.toString(), "--out", dir.resolve("reference").toString());
        Process killedAfter1 = runner(file.toString(), "--out", dir.resolve("k1").toString());
        Process killedAfter2 = runner(file.toString(), "--out", dir.resolve("k2").toString());
        // Both watched at once: each kill must land right after its epoch, whatever the other run is doing.
        CompletableFuture<Path> watch1 = killAfter(dir.resolve("k1").resolve(name), 1,
                killedAfter1);
        CompletableFuture<Path> watch2 = killAfter(dir.resolve("k2").resolve(name), 2,
                killedAfter2);
        Path run1 = watch1.get();
        Path run2 = watch2.get();
        for (Process p : List.of(killedAfter1, killedAfter2)) {
            assertEquals(137, finish(p, "a killed run"), "killed by SIGKILL");
        }
        assertEquals(1, ResumeFile.read(run1.resolve(RunLayout.RESUME)).epoch(), "killed right after epoch 1");
        assertEquals(2, ResumeFile.read(run2.resolve(RunLayout.RESUME)).epoch(), "killed right after epoch 2");
        for (Path run : List.of(run1, run2)) {
            assertFalse(Files.exists(run.resolve(RunLayout.RECORD)), "a killed run has no record");
        }
        Process resume1 = runner("resume", run1.toString());
        Process resume2 = runner("resume", run2.toString());
        assertEquals(0, finish(reference, "the uninterrupted run"));
        assertEquals(0, finish(resume1, "resume after epoch 1"));
        assertEquals(0, finish(resume2, "resume after epoch 2"));

        Path ref = onlyRun(dir.resolve("reference").resolve(name));
        String expected = json(ref.resolve(RunLayout.RECORD)).path("params_sha256").asText();
        List<String> hashes = new ArrayList<>();
        for (Path run : List.of(run1, run2)) {
            JsonNode record = json(run.resolve(RunLayout.RECORD));
            int epoch = run == run1 ? 1 : 2;
            assertEquals("completed", record.path("status").asText(), run.toString());
            assertTrue(record.path("resumed").asBoolean(), record.toString());
            assertEquals(epoch, record.path("resumed_from_epoch").asInt(), record.toString());
            assertEquals(3, record.path("epochs_completed").asInt());
            assertEquals(expected, record.path("params_sha256").asText(), "resumed after epoch " + epoch);
            assertSameMetrics(ref, run);
            assertFalse(Files.exists(run.resolve(RunLayout.RESUME)), "a completed run keeps no resume state");
            hashes.add(record.path("params_sha256").asText());
        }
        assertFalse(json(ref.resolve(RunLayout.RECORD)).has("resumed_from_epoch"));
        System.out.printf("resume (%s): uninterrupted params_sha256 %s; killed after epoch 1 and resumed: %s; "
                + "killed after epoch 2 and resumed: %s%n", name, expected, hashes.get(0), hashes.get(1));
        return Map.of(1, run1, 2, run2);
    }

    /** Every column of metrics.csv but the timing ones, value for value. */
    private static void assertSameMetrics(Path expectedRun, Path actualRun) throws IOException {
        MetricsCsv.Table expected = MetricsCsv.read(expectedRun.resolve(RunLayout.METRICS));
        MetricsCsv.Table actual = MetricsCsv.read(actualRun.resolve(RunLayout.METRICS));
        assertEquals(expected.header(), actual.header());
        assertEquals(3, actual.rows().size());
        for (int i = 0; i < expected.rows().size(); i++) {
            for (String column : expected.header()) {
                if (MetricsCsv.TIMING.contains(column)) continue;
                assertEquals(expected.rows().get(i).get(column), actual.rows().get(i).get(column),
                        column + " of epoch " + (i + 1) + " in " + actualRun);
            }
        }
    }

    /**
     * Polls the one run folder under {@code parent} until its saved state is of {@code epoch}: the moment right after
     * that epoch completed. It looks only at the file's identity (the state is rewritten once per epoch, each time a
     * new file moved into place), which costs far less than an epoch, so the kill lands before the next one ends;
     * the caller reads the state once the process is dead. Fails if the process ends first.
     */
    private Path waitForState(Path parent, int epoch, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Object seen = null;
        int versions = 0;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) fail("the run ended before epoch " + epoch + " was saved: " + log(process));
            if (Files.isDirectory(parent)) {
                try (Stream<Path> runs = Files.list(parent)) {
                    for (Path run : runs.filter(Files::isDirectory).toList()) {
                        Object key;
                        try {
                            key = Files.readAttributes(run.resolve(RunLayout.RESUME),
                                    BasicFileAttributes.class).fileKey();
                        } catch (IOException absent) {
                            continue;
                        }
                        if (!key.equals(seen)) {
                            seen = key;
                            if (++versions == epoch) return run;
                        }
                    }
                }
            }
            Thread.sleep(2);
        }
        throw new AssertionError("no state of epoch " + epoch + " under " + parent + " within 120 s");
    }

    /** Kills {@code process} with SIGKILL right after it saved the state of {@code epoch}; its run folder. */
    private CompletableFuture<Path> killAfter(Path parent, int epoch, Process process) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                Path run = waitForState(parent, epoch, process);
                process.destroyForcibly(); // SIGKILL, as a time limit or the OOM killer would
                return run;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
    }

    private static Path onlyRun(Path parent) throws IOException {
        try (Stream<Path> runs = Files.list(parent)) {
            List<Path> all = runs.filter(Files::isDirectory).toList();
            assertEquals(1, all.size(), all.toString());
            return all.get(0);
        }
    }

    /** {@code bin/runner ARGS} as a child JVM: this JVM's java and class path, bin/runner's settings. */
    private Process runner(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-Djava.awt.headless=true", "-Dorg.jboss.logging.provider=slf4j",
                "-Dorg.eclipse.deeplearning4j.helpers.disable=false",
                "-Drunner.home=" + TestData.checkout(), "-cp", System.getProperty("java.class.path"),
                "dev.runner.cli.Main"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--data-dir", dataDir.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        pb.redirectErrorStream(true);
        Path log = Files.createTempFile(dir, "child", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        logs.put(p, log);
        return p;
    }

    private final Map<Process, Path> logs = new ConcurrentHashMap<>();

    private String log(Process p) {
        try {
            return Files.readString(logs.get(p));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private int finish(Process p, String what) throws Exception {
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(what + " did not end within 180 s: " + log(p));
        }
        int code = p.exitValue();
        if (code != 0 && code != 137 && !what.contains("killed")) fail(what + " exited " + code + ": " + log(p));
        return code;
    }

    private static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }
}
