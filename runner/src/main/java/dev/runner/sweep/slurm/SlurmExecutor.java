package dev.runner.sweep.slurm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runner.config.ExperimentWriter;
import dev.runner.config.LoadedExperiment;
import dev.runner.model.ModelSummary;
import dev.runner.sweep.PointLock;
import dev.runner.sweep.PointStatus;
import dev.runner.sweep.SweepExecutor;
import dev.runner.sweep.SweepPlan;
import dev.runner.sweep.SlurmOptions;
import dev.runner.sweep.SweepRunner;
import dev.runner.util.ThisJvm;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Trains a sweep's points on a Slurm cluster: one {@code sbatch} job array per invocation, one array task per point
 * not done, each task the very point JVM a local worker would start, writing the same point folder (Slurm's log of
 * the task goes into that folder too). Then it waits and shows progress from the point folders and {@code squeue},
 * or, detached, says how to follow and finish and returns at once. Slurm is the scheduler; this class only submits,
 * asks and cancels.
 */
public final class SlurmExecutor implements SweepExecutor {
    /** The submissions' scripts, lists and log links, inside the sweep folder. */
    public static final String FOLDER = ".slurm";
    private static final Pattern LOG_NAME = Pattern.compile(Pattern.quote(SlurmJobScript.LOG_PREFIX)
            + "(\\d+)_(\\d+)\\.log");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    /**
     * How to submit: the sbatch options, the array's throttle ({@code %N}: at most N tasks at once; null for none),
     * whether to return right after submitting, and how often to ask squeue while waiting.
     */
    public record Settings(SlurmOptions slurm, Integer throttle, boolean detach, Duration poll) {
        public Settings {
            if (throttle != null && throttle < 1) throw new IllegalArgumentException("throttle " + throttle);
        }
    }

    /** A submitted array: its id and the points of its tasks, by index. */
    public record Submission(String jobId, SlurmJobScript files, List<SweepPlan.Point> points) {
    }

    private final Settings settings;
    private final SlurmQueue queue = new SlurmQueue();
    private final Object lock = new Object();
    private volatile Submission submission;
    private volatile boolean aborted;
    private volatile boolean ended;
    private volatile PrintWriter console;
    private String finish;

    public SlurmExecutor(Settings settings) {
        this.settings = settings;
    }

    /**
     * The command that finishes a detached plan once its tasks have ended, as the submission shows it; default: the
     * sweep's leaderboard.
     */
    public SlurmExecutor finishWith(String command) {
        this.finish = command;
        return this;
    }

    /** The array submitted by {@link #run}, if it got that far. */
    public Optional<Submission> submission() {
        return Optional.ofNullable(submission);
    }

    public boolean detached() {
        return settings.detach();
    }

    /**
     * What can be checked before anything is written or fetched: the options, Slurm's commands on the PATH, a
     * controller that accepts the job as asked ({@code sbatch --test-only}), and the runner itself (java and class
     * path) as absolute paths that exist. Returns warnings about paths that look node-local.
     */
    public static List<String> preflight(SlurmOptions slurm, Path results, Path dataDir) throws SlurmSetupException {
        return preflight(slurm, results, dataDir, System.getenv("PATH"));
    }

    static List<String> preflight(SlurmOptions slurm, Path results, Path dataDir, String searchPath)
            throws SlurmSetupException {
        List<String> problems = slurm.problems();
        if (!problems.isEmpty()) throw new SlurmSetupException(String.join("; ", problems));
        for (String command : List.of("sbatch", "squeue", "scancel")) {
            if (SlurmQueue.onPath(command, searchPath).isEmpty()) {
                throw new SlurmSetupException(command + " is not on the PATH: on a cluster's login node load "
                        + "Slurm's module (module load slurm; `module avail slurm` lists it), elsewhere install "
                        + "Slurm's client (Debian/Ubuntu: apt-get install slurm-client); to try the Slurm executor "
                        + "on this machine start a one-node cluster with scripts/slurm-local start");
            }
        }
        Path javaPath = Path.of(ThisJvm.executable());
        if (!javaPath.isAbsolute() || !Files.isExecutable(javaPath)) {
            throw new SlurmSetupException("the java running the runner, " + javaPath + ", is not an absolute path to "
                    + "an executable; the job script must name it");
        }
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.isEmpty()) continue;
            Path p = Path.of(entry.endsWith("*") ? entry.substring(0, entry.length() - 1) : entry);
            if (!Files.exists(p)) {
                throw new SlurmSetupException("class path entry " + p.toAbsolutePath() + " does not exist; build "
                        + "the runner (bin/runner builds it) before submitting");
            }
        }
        try {
            new SlurmQueue().test(slurm.sbatchArguments());
        } catch (IOException e) {
            throw new SlurmSetupException("cannot ask Slurm whether it would accept the job: " + e.getMessage());
        }
        List<String> warnings = new ArrayList<>();
        nodeLocal("results folder", results).ifPresent(warnings::add);
        nodeLocal("data folder", dataDir).ifPresent(warnings::add);
        nodeLocal("runner", Path.of(System.getProperty("java.class.path").split(File.pathSeparator)[0]))
                .ifPresent(warnings::add);
        return warnings;
    }

    /** A warning when {@code path} is one that compute nodes usually do not share with the login node. */
    static Optional<String> nodeLocal(String what, Path path) {
        Path abs = path.toAbsolutePath().normalize();
        for (String local : List.of("/tmp", "/var/tmp", "/dev/shm", "/run")) {
            if (abs.startsWith(local)) {
                return Optional.of("the " + what + " " + abs + " is under " + local + ", which is usually local to "
                        + "each node: the tasks must see it at the same path (fine on a one-node cluster)");
            }
        }
        return Optional.empty();
    }

    @Override
    public SweepRunner.Summary run(SweepPlan plan, SweepRunner.Options options, PrintWriter out) throws IOException {
        console = out;
        Path dir = SweepRunner.directory(plan, options.out().toAbsolutePath().normalize());
        Path dataDir = options.dataDir().toAbsolutePath().normalize();
        if (!Files.isDirectory(dataDir)) throw new IOException("data folder " + dataDir + " does not exist");
        Files.createDirectories(dir);
        try (FileChannel lockFile = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = lockFile.tryLock()) {
            if (held == null) throw new IOException("another sweep is running in " + dir);
            return runLocked(plan, options, dir, dataDir, out);
        }
    }

    private SweepRunner.Summary runLocked(SweepPlan plan, SweepRunner.Options options, Path dir, Path dataDir,
                                          PrintWriter out) throws IOException {
        Path slurmDir = dir.resolve(FOLDER);
        Files.createDirectories(slurmDir);
        refuseIfStillQueued(slurmDir);
        SweepRunner.writeSweepJson(plan, dir);
        Map<PointStatus, Integer> census = SweepRunner.census(plan, dir);
        out.println(plan.name() + ": " + plan.points().size() + " points; " + SweepRunner.resumeLine(census));
        for (SweepPlan.Point p : plan.points()) {
            Path folder = dir.resolve(p.id());
            if (PointStatus.of(folder) == PointStatus.INTERRUPTED) {
                out.println("  point " + p.index() + " " + p.id() + " (" + p.describe() + ") was interrupted: "
                        + ending(folder, Map.of()));
            }
        }
        out.flush();
        List<SweepPlan.Point> toRun = plan.points().stream()
                .filter(p -> PointStatus.of(dir.resolve(p.id())) != PointStatus.DONE).toList();
        int skipped = census.get(PointStatus.DONE);
        if (toRun.isEmpty()) return new SweepRunner.Summary(0, skipped, List.of(), 0, dir);

        List<Path> folders = new ArrayList<>();
        List<SweepPlan.Point> submitted = new ArrayList<>();
        for (SweepPlan.Point p : toRun) {
            Path folder = dir.resolve(p.id());
            if (!SweepRunner.prepare(p, folder)) {
                out.println("  point " + p.index() + " " + p.id() + " is being trained by another process (pid "
                        + PointLock.holder(folder) + "); not submitted, not run twice");
                continue;
            }
            submitted.add(p);
            folders.add(folder);
        }
        if (submitted.isEmpty()) return new SweepRunner.Summary(0, skipped, List.of(), toRun.size(), dir);
        Batch batch = new Batch("runner-" + plan.name(), submitted, folders, plan.rankBy(), skipped,
                plan.points().size(), finish != null ? finish
                : "bin/runner leaderboard " + dir + "    (any time; final once every task ended)",
                false);
        return submit(batch, slurmDir, dataDir, options.failFast(), out, dir);
    }

    /**
     * What one submission trains: points, each into its folder (already prepared), and how to report them: the
     * metric of the done line, the points counted as done before, the plan's size and the command that finishes.
     */
    record Batch(String jobName, List<SweepPlan.Point> points, List<Path> folders, String rankBy, int skipped,
                 int total, String finish, boolean single) {
    }

    /** One experiment as a point of its own, so that its task runs the point JVM into a run folder. */
    public static SweepPlan.Point singlePoint(LoadedExperiment experiment, ModelSummary summary,
                                              List<String> overrides) {
        String config = new ExperimentWriter().write(experiment.spec());
        return new SweepPlan.Point(1, SweepPlan.idOf(config), List.of(),
                experiment.spec().seed(), experiment, summary, config, List.copyOf(overrides));
    }

    /**
     * One experiment as a one-task array: trains {@code point} into {@code folder}, a run folder made as a local run
     * makes it ({@code <results>/<name>/<run-id>/}, the id from the time of submission); Slurm's log goes into it.
     * Single runs are independent of each other, so no earlier submission is waited for.
     */
    public SweepRunner.Summary runOne(SweepPlan.Point point, Path folder, Path dataDir, PrintWriter out)
            throws IOException {
        console = out;
        Path abs = folder.toAbsolutePath().normalize();
        Path data = dataDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(data)) throw new IOException("data folder " + data + " does not exist");
        Path slurmDir = Files.createDirectories(abs.getParent().resolve(FOLDER));
        if (!SweepRunner.prepare(point, abs)) {
            throw new IOException(abs + " is being trained by another process (pid " + PointLock.holder(abs) + ")");
        }
        Batch batch = new Batch("runner-" + point.experiment().spec().name(), List.of(point), List.of(abs),
                "val_accuracy", 0, 1, "the run folder " + abs + " (report.html once the task has ended)", true);
        return submit(batch, slurmDir, data, false, out, abs);
    }

    private SweepRunner.Summary submit(Batch batch, Path slurmDir, Path dataDir, boolean failFast, PrintWriter out,
                                       Path summaryDir) throws IOException {
        SlurmJobScript files = SlurmJobScript.next(slurmDir);
        List<Path> folders = batch.folders();
        List<String> command = SweepRunner.childCommand(folders.get(0), dataDir);
        String folderArgument = folders.get(0).toAbsolutePath().toString();
        List<String> arguments = new ArrayList<>();
        arguments.add("--job-name=" + batch.jobName());
        arguments.add("--array=0-" + (folders.size() - 1) + (settings.throttle() == null ? ""
                : "%" + settings.throttle()));
        arguments.add("--output=" + files.outputPattern());
        arguments.addAll(settings.slurm().sbatchArguments());
        String waitPolicy = System.getenv().getOrDefault("OMP_WAIT_POLICY", "PASSIVE");
        files.write(folders, command, folderArgument, settings.slurm().cpus(), waitPolicy, arguments);
        String jobId;
        synchronized (lock) {
            if (aborted) {
                return new SweepRunner.Summary(0, batch.skipped(), List.of(), folders.size(), summaryDir);
            }
            jobId = queue.submit(arguments, files.script());
            submission = new Submission(jobId, files, List.copyOf(batch.points()));
        }
        files.recordJobId(jobId);
        String partition = settings.slurm().partition();
        out.printf(Locale.ROOT, "submitted job array %s: %d %s%s%s; script %s%n", jobId, folders.size(),
                batch.single() ? "run" : "point(s)",
                settings.throttle() == null ? "" : ", at most " + settings.throttle() + " at once",
                partition == null ? "" : ", partition " + partition, files.script());
        out.println("task logs: " + (batch.single() ? folders.get(0).resolve(SlurmJobScript.logName(jobId, 0))
                : summaryDir + "/<point-id>/" + SlurmJobScript.logName(jobId, 0).replace("_0", "_<task>")));
        if (settings.detach()) {
            out.println("follow:  squeue -j " + jobId + "    (one line per task: squeue -j " + jobId + " -r)");
            out.println("cancel:  scancel " + jobId);
            out.println("finish:  " + batch.finish());
            out.flush();
            return new SweepRunner.Summary(0, batch.skipped(), List.of(), 0, summaryDir);
        }
        out.flush();
        return await(batch, failFast, summaryDir);
    }

    /**
     * Refuses to submit while an earlier submission for this sweep still has tasks queued or running: both would
     * train the same points. Slurm forgets a job some minutes after it ends, and job ids are reused after a
     * controller is reset, so a task counts only if its batch script is this sweep's.
     */
    private void refuseIfStillQueued(Path slurmDir) throws IOException {
        List<String> busy = new ArrayList<>();
        for (Path idFile : files(slurmDir, "job-\\d+\\.id")) {
            String name = idFile.getFileName().toString();
            Path script = slurmDir.resolve(name.substring(0, name.length() - ".id".length()) + ".sh");
            String jobId = Files.readString(idFile).strip();
            Optional<Map<Integer, SlurmQueue.Task>> tasks = queue.tasks(jobId);
            if (tasks.isEmpty()) continue;
            long active = tasks.get().values().stream()
                    .filter(t -> t.active() && Path.of(t.script()).equals(script)).count();
            if (active > 0) busy.add("job array " + jobId + " has " + active + " task(s) pending or running");
        }
        if (!busy.isEmpty()) {
            String ids = busy.stream().map(b -> b.split(" ")[2]).reduce((a, b) -> a + "," + b).orElse("");
            throw new IOException(String.join("; ", busy) + " for this sweep; follow with squeue -j " + ids
                    + " and run this again once it has ended, or cancel it: scancel " + ids.replace(",", " "));
        }
    }

    private static List<Path> files(Path dir, String regex) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches(regex)).sorted().toList();
        }
    }

    /**
     * Polls until no task of the array is pending or running, printing each point as it ends and the counts when they
     * change. A point whose task Slurm no longer lists as pending or running, and whose folder has no complete
     * run.json, was stopped by Slurm (or cancelled while pending: such a task vanishes from squeue); it is reported
     * only after one more poll, because a shared file system may show the login node a task's run.json late.
     */
    private SweepRunner.Summary await(Batch batch, boolean failFast, Path summaryDir) throws IOException {
        Submission s = submission;
        PrintWriter out = console;
        int total = batch.total();
        int skipped = batch.skipped();
        Set<Integer> reported = new TreeSet<>();
        Set<Integer> seenEnded = new TreeSet<>();
        Map<Integer, SlurmQueue.Task> last = Map.of();
        List<String> failures = new ArrayList<>();
        int done = 0;
        int interrupted = 0;
        String lastCounts = "";
        int squeueErrors = 0;
        boolean finalPass = false;
        while (true) {
            Optional<Map<Integer, SlurmQueue.Task>> tasks;
            try {
                tasks = queue.tasks(s.jobId());
                squeueErrors = 0;
            } catch (IOException e) {
                if (++squeueErrors >= 10) throw e;
                out.println("runner: warning: " + e.getMessage() + " (asking again)");
                out.flush();
                sleep();
                continue;
            }
            if (tasks.isPresent()) last = tasks.get();
            Map<Integer, SlurmQueue.Task> now = tasks.orElse(Map.of());
            boolean active = now.values().stream().anyMatch(SlurmQueue.Task::active);
            int running = 0;
            int pending = 0;
            for (int k = 0; k < s.points().size(); k++) {
                if (reported.contains(k)) continue;
                SweepPlan.Point p = s.points().get(k);
                Path folder = batch.folders().get(k);
                PointStatus status = PointStatus.of(folder);
                SlurmQueue.Task task = now.get(k);
                String head = batch.single() ? "run " + folder.getFileName() + " (" + p.describe() + ")"
                        : String.format(Locale.ROOT, "[%d/%d] point %d %s (%s)", skipped + reported.size() + 1, total,
                        p.index(), p.id(), p.describe());
                if (status == PointStatus.DONE) {
                    reported.add(k);
                    done++;
                    out.println(head + ": " + summaryOf(folder, batch.rankBy()));
                } else if (status == PointStatus.FAILED) {
                    reported.add(k);
                    String log = folder.resolve(SlurmJobScript.logName(s.jobId(), k)).toString();
                    String error = errorOf(folder).orElse("see the log");
                    failures.add("point " + p.index() + " " + p.id() + " (" + p.describe() + "): " + error
                            + "; log: " + log);
                    out.println(head + " FAILED: " + error + "; log: " + log);
                    if (failFast && !aborted) {
                        out.println("runner: --fail-fast: cancelling the rest of job array " + s.jobId());
                        abort();
                    }
                } else if (task != null && task.active()) {
                    if (task.state().equals("PENDING")) pending++;
                    else running++;
                } else if (seenEnded.add(k) && !finalPass) {
                    running++; // ended, by Slurm's account; look at its folder once more before calling it stopped
                } else {
                    reported.add(k);
                    interrupted++;
                    out.println((batch.single() ? "run " + folder.getFileName() : "point " + p.index() + " " + p.id())
                            + " (" + p.describe() + ") interrupted: " + ending(folder, last));
                }
            }
            String counts = String.format(Locale.ROOT, "job %s: %d done, %d running, %d pending, %d failed%s",
                    s.jobId(), done, running, pending, failures.size(),
                    interrupted > 0 ? ", " + interrupted + " interrupted" : "");
            if (!counts.equals(lastCounts)) {
                out.println("[" + LocalTime.now().format(CLOCK) + "] " + counts + pendingReasons(now));
                lastCounts = counts;
            }
            out.flush();
            if (reported.size() == s.points().size()) break;
            if (!active) {
                if (finalPass) break;
                finalPass = true;
            }
            sleep();
        }
        ended = true;
        return new SweepRunner.Summary(done, skipped, List.copyOf(failures), interrupted, summaryDir);
    }

    /** Why tasks wait, when it is not just their turn: e.g. PartitionConfig means they never start as asked. */
    private static String pendingReasons(Map<Integer, SlurmQueue.Task> tasks) {
        Set<String> reasons = new TreeSet<>();
        for (SlurmQueue.Task t : tasks.values()) {
            if (t.state().equals("PENDING") && !List.of("None", "Priority", "Resources", "JobArrayTaskLimit")
                    .contains(t.reason())) {
                reasons.add(t.reason());
            }
        }
        return reasons.isEmpty() ? "" : " (pending because: " + String.join(", ", reasons) + ")";
    }

    private void sleep() throws IOException {
        try {
            Thread.sleep(settings.poll().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for job array " + submission.jobId(), e);
        }
    }

    /**
     * Cancels the submitted array (Ctrl-C, fail-fast) and says so; before submission, keeps it from being submitted.
     */
    @Override
    public void abort() {
        Submission s;
        synchronized (lock) {
            aborted = true;
            s = submission;
        }
        if (s == null || ended || settings.detach()) return;
        PrintWriter out = console;
        try {
            queue.cancel(s.jobId());
            if (out != null) {
                out.println("runner: cancelled Slurm job array " + s.jobId() + " (scancel " + s.jobId() + "); run the "
                        + "same command again to rerun the points that did not finish");
            }
        } catch (IOException e) {
            if (out != null) {
                out.println("runner: could not cancel job array " + s.jobId() + ": " + e.getMessage()
                        + "; cancel it yourself: scancel " + s.jobId());
            }
        }
        if (out != null) out.flush();
    }

    /**
     * How a point's Slurm task ended without a complete run.json: Slurm's state while it remembers the task, else the
     * line Slurm wrote into the task's log, with the log's path.
     */
    String ending(Path folder, Map<Integer, SlurmQueue.Task> known) {
        Optional<Path> log = slurmLog(folder);
        if (log.isEmpty()) {
            if (Files.exists(folder.resolve(SweepRunner.LOG))) return "stopped in a local run; log: "
                    + folder.resolve(SweepRunner.LOG);
            return "no Slurm log: its task never started (cancelled while pending, or its log folder could not be "
                    + "opened on the node)";
        }
        Matcher m = LOG_NAME.matcher(log.get().getFileName().toString());
        String jobId = m.matches() ? m.group(1) : "?";
        int index = m.matches() ? Integer.parseInt(m.group(2)) : -1;
        String state = null;
        SlurmQueue.Task task = submission != null && submission.jobId().equals(jobId) ? known.get(index) : null;
        if (task == null) {
            try {
                task = queue.tasks(jobId).map(t -> t.get(index)).orElse(null);
            } catch (IOException e) {
                task = null; // the log may still say
            }
            if (task != null && !task.script().startsWith(folder.getParent().resolve(FOLDER).toString())) {
                task = null; // a reused id of another job
            }
        }
        if (task != null && !task.active()) state = task.state() + (task.reason().equals("None") ? ""
                : " (" + task.reason() + ")");
        if (state == null) {
            try {
                state = SlurmStates.fromLog(Files.readString(log.get())).orElse(null);
            } catch (IOException e) {
                state = null;
            }
        }
        if (state == null) state = "ended without run.json and without Slurm's reason in its log";
        return "Slurm " + state + " (task " + jobId + "_" + index + "); log: " + log.get();
    }

    /** The newest Slurm log in a point folder. */
    static Optional<Path> slurmLog(Path folder) {
        if (!Files.isDirectory(folder)) return Optional.empty();
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> LOG_NAME.matcher(p.getFileName().toString()).matches())
                    .max(Comparator.comparingLong(SlurmExecutor::modified));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String summaryOf(Path folder, String metric) {
        try {
            JsonNode record = new ObjectMapper().readTree(folder.resolve("run.json").toFile());
            return String.format(Locale.ROOT, "%s %.4f in %.1fs", metric, record.path("final_metrics").path(metric)
                    .asDouble(), record.path("duration_seconds").asDouble());
        } catch (IOException e) {
            return "done";
        }
    }

    private static Optional<String> errorOf(Path folder) {
        try {
            JsonNode record = new ObjectMapper().readTree(folder.resolve("run.json").toFile());
            return record.hasNonNull("error") ? Optional.of(record.get("error").asText()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** What each earlier submission of the sweep in {@code dir} was: its id file's job id, by submission number. */
    static Map<Integer, String> submissions(Path dir) throws IOException {
        Map<Integer, String> ids = new LinkedHashMap<>();
        Path slurmDir = dir.resolve(FOLDER);
        if (!Files.isDirectory(slurmDir)) return ids;
        for (Path f : files(slurmDir, "job-\\d+\\.id")) {
            String name = f.getFileName().toString();
            ids.put(Integer.parseInt(name.substring(4, name.length() - 3)), Files.readString(f).strip());
        }
        return ids;
    }
}
