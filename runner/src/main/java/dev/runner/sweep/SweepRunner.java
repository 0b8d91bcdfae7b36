package dev.runner.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.runner.results.RunLayout;
import dev.runner.results.RunRecord;
import dev.runner.run.Resumption;
import dev.runner.util.AtomicFiles;
import dev.runner.util.Durations;
import dev.runner.util.ThisJvm;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Runs a plan into {@code <out>/<sweep-name>/<point-id>/}: skips points that completed, reruns failed and interrupted
 * ones, and trains each remaining point in its own child JVM (the same java, class path and runner properties as
 * this one), {@code workers} at a time, OpenMP threads divided among them. Nothing is shared between points but the
 * read-only dataset files, so a point's result does not depend on how many run beside it.
 */
public final class SweepRunner implements SweepExecutor {
    public static final String POINT_JSON = "point.json";
    public static final String SWEEP_JSON = "sweep.json";
    public static final String LOG = "point.log";
    /** System properties a child needs to behave as this process does. */
    static final List<String> PASSED_PROPERTIES = List.of("runner.home", "runner.git.commit",
            "org.eclipse.deeplearning4j.helpers.disable", "org.jboss.logging.provider");

    public record Options(Path out, Path dataDir, int workers, boolean failFast) {
    }

    /** How the sweep ended; {@code interrupted} counts points stopped by {@link #abort} (fail-fast or Ctrl-C). */
    public record Summary(int done, int skipped, List<String> failures, int interrupted, Path directory) {
    }

    /** Hooks for progress displays and tests. */
    public interface Listener {
        default void pointStarted(SweepPlan.Point point) {
        }

        default void pointEnded(SweepPlan.Point point, PointStatus status) {
        }
    }

    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private volatile boolean aborted;
    private SweepBudget budget;
    private Listener listener = new Listener() {
    };

    public SweepRunner listener(Listener l) {
        this.listener = l;
        return this;
    }

    /** A time budget: each point starts only if it fits (see {@link SweepBudget}); null for none. */
    public SweepRunner budget(SweepBudget b) {
        this.budget = b;
        return this;
    }

    /** Stops the sweep: no new point starts, running children are killed (their folders are rerun next time). */
    @Override
    public void abort() {
        synchronized (running) { // launch() checks the flag and registers its child under the same lock
            aborted = true;
            for (Process p : running) p.destroyForcibly();
        }
    }

    public static Path directory(SweepPlan plan, Path out) {
        return out.resolve(plan.name());
    }

    /** Counts of the plan's points by status, as the resume line shows them. */
    public static Map<PointStatus, Integer> census(SweepPlan plan, Path sweepDir) {
        Map<PointStatus, Integer> counts = new LinkedHashMap<>();
        for (PointStatus s : PointStatus.values()) counts.put(s, 0);
        for (SweepPlan.Point p : plan.points()) counts.merge(PointStatus.of(sweepDir.resolve(p.id())), 1, Integer::sum);
        return counts;
    }

    /** {@code 12 done, 1 failed (rerunning), 23 to go}. */
    public static String resumeLine(Map<PointStatus, Integer> c) {
        List<String> parts = new ArrayList<>();
        parts.add(c.get(PointStatus.DONE) + " done");
        if (c.get(PointStatus.PRUNED) > 0) parts.add(c.get(PointStatus.PRUNED) + " pruned");
        if (c.get(PointStatus.FAILED) > 0) parts.add(c.get(PointStatus.FAILED) + " failed (rerunning)");
        if (c.get(PointStatus.INTERRUPTED) > 0) {
            parts.add(c.get(PointStatus.INTERRUPTED) + " interrupted (rerunning)");
        }
        parts.add(c.get(PointStatus.NEW) + " to go");
        return String.join(", ", parts);
    }

    @Override
    public Summary run(SweepPlan plan, Options options, PrintWriter out) throws IOException {
        Path dir = directory(plan, options.out());
        Files.createDirectories(dir);
        try (FileChannel lockFile = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = lockFile.tryLock()) {
            if (lock == null) throw new IOException("another sweep is running in " + dir);
            return runLocked(plan, options, dir, out);
        }
    }

    private Summary runLocked(SweepPlan plan, Options options, Path dir, PrintWriter out) throws IOException {
        writeSweepJson(plan, dir);
        Map<PointStatus, Integer> census = census(plan, dir);
        out.println(plan.name() + ": " + plan.points().size() + " points; " + resumeLine(census));
        out.flush();
        Deque<SweepPlan.Point> queue = new ArrayDeque<>();
        for (SweepPlan.Point p : plan.points()) {
            if (!PointStatus.of(dir.resolve(p.id())).finished()) queue.add(p);
        }
        int skipped = census.get(PointStatus.DONE) + census.get(PointStatus.PRUNED);
        int workers = Math.max(1, Math.min(options.workers(), Math.max(1, queue.size())));
        int threads = threadsPerWorker(options.workers());
        List<String> failures = new ArrayList<>();
        int[] done = {0};
        int[] interrupted = {0};
        int total = queue.size();
        long started = System.nanoTime();
        List<Thread> pool = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            Thread t = new Thread(() -> {
                while (true) {
                    SweepPlan.Point p;
                    synchronized (queue) {
                        if (aborted || queue.isEmpty()) return;
                        p = queue.poll();
                    }
                    if (budget != null && !budget.admit(p)) continue;
                    Path folder = dir.resolve(p.id());
                    listener.pointStarted(p);
                    long t0 = System.nanoTime();
                    String error = null;
                    String elsewhere = null; // who holds the point's folder, when another process trains it
                    PointStatus status;
                    try {
                        int code = prepare(p, folder) ? launch(folder, options.dataDir(), threads)
                                : PointLock.EXIT_BUSY;
                        status = PointStatus.of(folder);
                        if (code == PointLock.EXIT_BUSY) {
                            elsewhere = PointLock.holder(folder);
                            status = PointStatus.INTERRUPTED;
                        } else if (!status.finished() && !aborted) {
                            if (status != PointStatus.FAILED) status = PointStatus.FAILED;
                            error = errorOf(folder, code);
                        }
                    } catch (IOException e) {
                        status = PointStatus.FAILED;
                        error = e.getMessage();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        status = PointStatus.INTERRUPTED;
                    }
                    if (aborted && !status.finished()) status = PointStatus.INTERRUPTED;
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    if (budget != null && status.finished()) budget.finished(seconds);
                    synchronized (queue) {
                        if (status.finished()) done[0]++;
                        else if (status == PointStatus.INTERRUPTED) interrupted[0]++;
                        int finished = done[0] + failures.size() + (error != null ? 1 : 0);
                        String head = String.format(Locale.ROOT, "[%d/%d] point %d %s (%s)", finished + skipped,
                                plan.points().size(), p.index(), p.id(), p.describe());
                        if (status.finished()) {
                            double elapsed = (System.nanoTime() - started) / 1e9;
                            int left = total - finished - interrupted[0];
                            out.printf(Locale.ROOT, "%s: %s%s in %.1fs; about %s left%n", head,
                                    status == PointStatus.PRUNED ? "pruned, " : "", metricText(folder, plan.rankBy()),
                                    seconds,
                                    Durations.compact(left * elapsed / Math.max(1, finished)));
                        } else if (status == PointStatus.FAILED) {
                            failures.add("point " + p.index() + " " + p.id() + " (" + p.describe() + "): " + error
                                    + "; log: " + folder.resolve(LOG));
                            out.printf(Locale.ROOT, "%s FAILED: %s; log: %s%n", head, error, folder.resolve(LOG));
                        } else if (elsewhere != null) {
                            out.printf(Locale.ROOT, "point %d %s running elsewhere (%s); skipped, not started twice%n",
                                    p.index(), p.id(), elsewhere);
                        } else {
                            out.printf(Locale.ROOT, "point %d %s interrupted%n", p.index(), p.id());
                        }
                        out.flush();
                    }
                    listener.pointEnded(p, status);
                    if (status == PointStatus.FAILED && options.failFast()) {
                        abort();
                        return;
                    }
                }
            }, "sweep-worker-" + (w + 1));
            pool.add(t);
            t.start();
        }
        for (Thread t : pool) {
            try {
                t.join();
            } catch (InterruptedException e) {
                abort();
                Thread.currentThread().interrupt();
            }
        }
        synchronized (queue) {
            interrupted[0] += queue.size();
        }
        return new Summary(done[0], skipped, List.copyOf(failures), interrupted[0], dir);
    }

    /**
     * Clears what an earlier attempt left, unless it kept a sound state of this very config to go on from (the child
     * then resumes it), and writes the point's resolved config and description for the child, holding the point's
     * lock; false, touching nothing, when another process (the child of a sweep killed before it, say) holds the
     * folder.
     */
    public static boolean prepare(SweepPlan.Point p, Path folder) throws IOException {
        Optional<PointLock> lock = PointLock.tryAcquire(folder);
        if (lock.isEmpty()) return false;
        try (PointLock held = lock.get()) {
            if (Resumption.problem(folder, p.config()).isPresent()) {
                try (Stream<Path> files = Files.walk(folder)) {
                    for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                        if (!f.equals(folder) && !f.equals(folder.resolve(PointLock.FILE))) Files.delete(f);
                    }
                }
            }
            AtomicFiles.writeString(folder.resolve(RunLayout.CONFIG), p.config());
            AtomicFiles.write(folder.resolve(POINT_JSON), f -> json().writeValue(f.toFile(), pointMap(p)));
        }
        return true; // released for the child, which takes it first thing
    }

    static Map<String, Object> pointMap(SweepPlan.Point p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", p.index());
        m.put("id", p.id());
        m.put("describe", p.describe());
        Map<String, String> settings = new LinkedHashMap<>();
        p.settings().forEach(s -> settings.put(s.path(), s.value()));
        m.put("settings", settings);
        m.put("seed", p.seed());
        m.put("overrides", p.overrides());
        return m;
    }

    public static void writeSweepJson(SweepPlan plan, Path dir) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", plan.name());
        m.put("rank_by", plan.rankBy());
        m.put("parameters", plan.parameters());
        m.put("points", plan.points().stream().map(SweepRunner::pointMap).toList());
        AtomicFiles.write(dir.resolve(SWEEP_JSON), f -> json().writeValue(f.toFile(), m));
    }

    private static ObjectMapper json() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    /** Prepares {@code folder} for {@code point} and trains it in a child process; the child's exit code. */
    int runOne(SweepPlan.Point point, Path folder, Path dataDir, int threads) throws IOException, InterruptedException {
        return prepare(point, folder) ? launch(folder, dataDir, threads) : PointLock.EXIT_BUSY;
    }

    private int launch(Path folder, Path dataDir, int threads) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(childCommand(folder, dataDir));
        // Only a child this process starts gets the parent watch: a Slurm task's JVM has no sweep on its node.
        command.add(1, "-D" + ParentWatch.PROPERTY + "=" + ParentWatch.STDIN);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        dev.runner.run.PortableMode.configure(pb.environment(), folder.resolve(RunLayout.CONFIG));
        pb.redirectErrorStream(true);
        // A pipe the sweep never writes or closes: its end is how the child learns the sweep is gone (ParentWatch).
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(folder.resolve(LOG).toFile())); // a resumed point's too
        Process process;
        synchronized (running) {
            if (aborted) return -1;
            process = pb.start();
            running.add(process);
        }
        try {
            return process.waitFor();
        } finally {
            running.remove(process);
        }
    }

    /** The java command of this process, its memory settings and runner properties, and this class path. */
    public static List<String> childCommand(Path folder, Path dataDir) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ThisJvm.executable());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-Xm") || arg.startsWith("-Xss") || arg.startsWith("-XX:") || arg.startsWith("-D")
                    || arg.startsWith("--add-opens") || arg.startsWith("--add-exports")) {
                cmd.add(arg);
            }
        }
        for (String prop : PASSED_PROPERTIES) {
            String v = System.getProperty(prop);
            if (v != null) cmd.add("-D" + prop + "=" + v);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(PointMain.class.getName());
        cmd.add(folder.toAbsolutePath().toString());
        cmd.add(dataDir.toAbsolutePath().toString());
        return cmd;
    }

    /**
     * OpenMP threads per child: this process's {@code OMP_NUM_THREADS} (else the cores) divided among the workers,
     * at least 1. Results are bit-identical across worker counts when this number is (bin/runner's default of 1
     * thread makes it 1 whatever the workers); run.json records it.
     */
    public static int threadsPerWorker(int workers) {
        int total = Runtime.getRuntime().availableProcessors();
        String omp = System.getenv("OMP_NUM_THREADS");
        if (omp != null) {
            try {
                total = Integer.parseInt(omp.trim());
            } catch (NumberFormatException ignored) {
                // keep the core count
            }
        }
        return Math.max(1, total / Math.max(1, workers));
    }

    private static String errorOf(Path folder, int exitCode) {
        try {
            String error = RunRecord.read(folder.resolve(RunLayout.RECORD)).error();
            if (error != null) return error;
        } catch (IOException ignored) {
            // no record: the child died before writing it; its log says why
        }
        try {
            List<String> lines = Files.readAllLines(folder.resolve(LOG));
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).startsWith("runner: error: ")) return lines.get(i).substring(15);
            }
        } catch (IOException ignored) {
            // fall through
        }
        return "the point's process exited with code " + exitCode;
    }

    private static String metricText(Path folder, String metric) {
        try {
            Double value = RunRecord.read(folder.resolve(RunLayout.RECORD)).finalMetrics().get(metric);
            return String.format(Locale.ROOT, "%s %.4f", metric, value == null ? 0.0 : value);
        } catch (IOException e) {
            return "done";
        }
    }
}
