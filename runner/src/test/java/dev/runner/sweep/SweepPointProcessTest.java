package dev.runner.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runner.TestData;
import dev.runner.config.ExperimentLoader;
import dev.runner.data.DatasetInfo;
import dev.runner.results.RunLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 case 2, with real processes: kill -9 of a sweep left its point's JVM training under init, and a rerun
 * started a second JVM on the same folder. A point process now ends with its sweep (the pipe on its standard input
 * closes) and holds its folder's lock for its whole life; anything else that would write there is refused.
 */
class SweepPointProcessTest {
    private static final Duration START = Duration.ofSeconds(180);
    private static Path dataDir;

    @TempDir
    Path dir;

    /** Every process a test starts or finds, killed at the end whatever happened. */
    private final List<ProcessHandle> started = new ArrayList<>();

    @BeforeAll
    static void data() throws Exception {
        dataDir = TestData.ensure(DatasetInfo.MNIST);
    }

    @AfterEach
    void killLeftovers() {
        for (ProcessHandle p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    /** One point that trains for a while: 300 images, 40 epochs of the quick CNN. */
    private Path sweepFile() throws IOException {
        return Files.writeString(dir.resolve("orphan.yaml"), "extends: "
                + TestData.checkout().resolve("experiments/quick.yaml") + "\n" + """
                name: orphan
                dataset: {train_limit: 300, validation_limit: 100, test_limit: 100}
                training: {epochs: 40}
                sweep:
                  seeds: [1]
                """);
    }

    private static SweepPlan plan(Path file) throws Exception {
        try (ExperimentLoader loader = new ExperimentLoader()) {
            return SweepPlan.expand(SweepFile.load(loader, file), List.of(), loader);
        }
    }

    private static String java() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private Process start(Path log, String... mainAndArgs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx1g", "-Djava.awt.headless=true",
                "-Drunner.home=" + TestData.checkout(), "-cp", System.getProperty("java.class.path")));
        cmd.addAll(List.of(mainAndArgs));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = pb.start();
        started.add(p.toHandle());
        return p;
    }

    private static <T> T await(Duration limit, String what, Supplier<Optional<T>> probe) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> v = probe.get();
            if (v.isPresent()) return v.get();
            Thread.sleep(200);
        }
        throw new AssertionError("waited " + limit.toSeconds() + "s for " + what);
    }

    private static String read(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void aPointProcessEndsWithinSecondsWhenItsSweepIsKilled() throws Exception {
        Path file = sweepFile();
        SweepPlan plan = plan(file);
        Path out = dir.resolve("results");
        Path folder = out.resolve("orphan").resolve(plan.points().get(0).id());
        Path sweepLog = dir.resolve("sweep.log");
        Process sweep = start(sweepLog, "dev.runner.cli.Main", file.toString(), "--out", out.toString(),
                "--data-dir", dataDir.toString());

        // The sweep starts nothing but point JVMs (the data is there, so no fetch script runs).
        ProcessHandle point = await(START, "the sweep's point process (sweep log: " + read(sweepLog) + ")",
                () -> sweep.descendants().findFirst());
        started.add(point);
        await(START, "the point to start training (log: " + read(folder.resolve(SweepRunner.LOG)) + read(sweepLog)
                + ")", () -> read(folder.resolve(SweepRunner.LOG)).contains("point 1: ") ? Optional.of(true)
                : Optional.empty());
        assertTrue(point.isAlive());

        sweep.destroyForcibly(); // SIGKILL: no shutdown hook of the sweep runs
        assertTrue(sweep.waitFor(30, TimeUnit.SECONDS), "the sweep did not die");
        try {
            point.onExit().get(15, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            fail("the point's JVM (pid " + point.pid() + ") is still training 15s after its sweep was killed");
        }
        assertTrue(read(folder.resolve(SweepRunner.LOG)).contains("runner: error: the sweep process that started "
                + "this point is gone; stopping"), read(folder.resolve(SweepRunner.LOG)));
        assertEquals(PointStatus.INTERRUPTED, PointStatus.of(folder), "rerun by the next sweep, not done");
    }

    @Test
    void aPointFolderHasOneWriterAtATimeAndADeadOneHoldsNothing() throws Exception {
        SweepPlan plan = plan(sweepFile());
        SweepPlan.Point p = plan.points().get(0);
        Path out = dir.resolve("results");
        Path folder = out.resolve(plan.name()).resolve(p.id());
        // The folder as the sweep prepares it, trained by a point process whose sweep is gone (started by hand).
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(RunLayout.CONFIG), p.config(), StandardCharsets.UTF_8);
        new ObjectMapper().writeValue(folder.resolve(SweepRunner.POINT_JSON).toFile(), SweepRunner.pointMap(p));
        Path log = folder.resolve(SweepRunner.LOG);
        Process first = start(log, PointMain.class.getName(), folder.toString(), dataDir.toString());
        await(START, "the first point process to start training (log: " + read(log) + ")",
                () -> read(log).contains("point 1: ") ? Optional.of(true) : Optional.empty());

        // A second point process on the same folder refuses, saying who has it, and leaves the folder alone.
        Path secondLog = dir.resolve("second.log");
        Process second = start(secondLog, PointMain.class.getName(), folder.toString(), dataDir.toString());
        assertTrue(second.waitFor(60, TimeUnit.SECONDS), "the second point process did not refuse: "
                + read(secondLog));
        assertEquals(PointLock.EXIT_BUSY, second.exitValue(), read(secondLog));
        assertTrue(read(secondLog).contains("runner: error: " + folder + " is being trained by pid " + first.pid()
                + "; a point folder has one writer at a time"), read(secondLog));

        // A sweep over the same point skips it as running elsewhere instead of wiping it and starting another.
        StringWriter sweepOut = new StringWriter();
        SweepRunner.Summary s = new SweepRunner().run(plan, new SweepRunner.Options(out, dataDir, 1, false),
                new PrintWriter(sweepOut, true));
        assertTrue(sweepOut.toString().contains("point 1 " + p.id() + " running elsewhere (pid " + first.pid()
                + "); skipped, not started twice"), sweepOut.toString());
        assertEquals(0, s.done());
        assertEquals(1, s.interrupted());
        assertEquals(List.of(), s.failures());
        assertTrue(first.isAlive(), "the first point process still trains");
        assertTrue(read(log).contains("point 1: "), "its log is untouched: " + read(log));
        assertTrue(Files.isRegularFile(folder.resolve(RunLayout.CONFIG)));

        // kill -9 of the holder releases the lock: nothing is ever stale.
        first.destroyForcibly();
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));
        Optional<PointLock> lock = PointLock.tryAcquire(folder);
        assertTrue(lock.isPresent(), "the lock of a killed process is free");
        lock.get().close();
        assertFalse(Files.exists(folder.resolve(RunLayout.RECORD)), "nothing claims the point ran");
    }
}
