package dev.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runner.TestData;
import dev.runner.data.DatasetInfo;
import dev.runner.sweep.Leaderboard;
import dev.runner.sweep.slurm.SlurmCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --executor slurm} from the command line against the real one-node cluster (scripts/slurm-local): a 2x2 grid
 * whose points equal a local run's, {@code --detach} then {@code leaderboard}, and one experiment as one job.
 */
@Tag("slurm")
class SlurmCommandTest {
    private static final String POLL = "runner.slurm.poll-seconds";

    @TempDir
    Path dir;

    private String data;

    @BeforeAll
    static void quickPolls() {
        System.setProperty(POLL, "1");
    }

    @AfterAll
    static void defaultPolls() {
        System.clearProperty(POLL);
    }

    @BeforeEach
    void cluster() throws Exception {
        SlurmCluster.assumeAvailable();
        data = TestData.ensure(DatasetInfo.MNIST).toString();
    }

    private Path grid(String name) throws IOException {
        return Files.writeString(dir.resolve(name + ".yaml"), "extends: "
                + TestData.checkout().resolve("experiments/quick.yaml") + "\n" + """
                name: %s
                dataset: {train_limit: 300, validation_limit: 100, test_limit: 100}
                training: {epochs: 1}
                executor:
                  slurm: {partition: local, time: "10", mem: 2G}
                sweep:
                  grid:
                    optimizer.sgd.lr: [0.1, 0.01]
                    training.batch_size: [32, 64]
                """.formatted(name));
    }

    private static Map<String, JsonNode> records(Path sweepDir) throws IOException {
        Map<String, JsonNode> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(sweepDir)) {
            for (Path p : s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .toList()) {
                out.put(p.getFileName().toString(), new ObjectMapper().readTree(p.resolve("run.json").toFile()));
            }
        }
        return out;
    }

    private static Map<String, String> hashes(Path sweepDir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        records(sweepDir).forEach((id, r) -> out.put(id, r.path("params_sha256").asText()));
        return out;
    }

    private static String jobId(String out) {
        Matcher m = Pattern.compile("submitted job array (\\d+)").matcher(out);
        assertTrue(m.find(), out);
        return m.group(1);
    }

    @Test
    void a2x2GridOnSlurmEqualsALocalRunPointForPoint() throws Exception {
        Path file = grid("grid");
        CliRun slurm = CliRun.of("sweep", file.toString(), "--executor", "slurm", "--workers", "2", "--out",
                dir.resolve("slurm").toString(), "--data-dir", data);
        assertEquals(0, slurm.exitCode(), slurm.out() + slurm.err());
        String jobId = jobId(slurm.out());
        assertTrue(slurm.out().contains("submitted job array " + jobId + ": 4 point(s), at most 2 at once, "
                + "partition local; script "), slurm.out());
        assertTrue(slurm.out().contains("] job " + jobId + ": 4 done, 0 running, 0 pending, 0 failed\n"),
                slurm.out());
        assertTrue(slurm.out().contains("leaderboard: " + dir.resolve("slurm/grid").resolve(Leaderboard.HTML)),
                slurm.out());

        CliRun local = CliRun.of("sweep", file.toString(), "--workers", "2", "--out", dir.resolve("local").toString(),
                "--data-dir", data);
        assertEquals(0, local.exitCode(), local.out() + local.err());

        Map<String, String> onSlurm = hashes(dir.resolve("slurm/grid"));
        assertEquals(4, onSlurm.size());
        assertEquals(4, onSlurm.values().stream().distinct().count(), onSlurm.toString());
        assertEquals(hashes(dir.resolve("local/grid")), onSlurm);
        for (JsonNode r : records(dir.resolve("slurm/grid")).values()) {
            JsonNode e = r.path("execution");
            assertEquals("slurm", e.path("executor").asText(), r.toString());
            assertEquals(jobId, e.path("slurm_array_job_id").asText(), r.toString());
            assertTrue(e.path("node").isTextual() && e.path("slurm_job_id").isTextual(), r.toString());
            assertEquals("1", r.path("backend").path("omp_num_threads").asText());
        }
        for (JsonNode r : records(dir.resolve("local/grid")).values()) {
            assertEquals("local", r.path("execution").path("executor").asText(), r.toString());
        }
        for (String f : List.of(Leaderboard.CSV, Leaderboard.MD)) {
            assertEquals(Files.readString(dir.resolve("local/grid").resolve(f)),
                    Files.readString(dir.resolve("slurm/grid").resolve(f)), f);
        }

        // Nothing left to do: nothing is submitted, the leaderboard is written again.
        CliRun again = CliRun.of("sweep", file.toString(), "--executor", "slurm", "--out",
                dir.resolve("slurm").toString(), "--data-dir", data);
        assertEquals(0, again.exitCode(), again.out() + again.err());
        assertTrue(again.out().startsWith("grid: 4 points; 4 done, 0 to go\n\n# Leaderboard: grid"), again.out());

        // Detached: the job id and how to follow and finish, at once; then leaderboard gives the same files.
        CliRun detached = CliRun.of("sweep", file.toString(), "--executor", "slurm", "--detach", "--out",
                dir.resolve("detached").toString(), "--data-dir", data);
        assertEquals(0, detached.exitCode(), detached.out() + detached.err());
        String detachedId = jobId(detached.out());
        Path detachedDir = dir.resolve("detached/grid");
        assertTrue(detached.out().contains("follow:  squeue -j " + detachedId), detached.out());
        assertTrue(detached.out().contains("finish:  bin/runner leaderboard " + detachedDir), detached.out());
        assertTrue(!detached.out().contains("leaderboard: "), detached.out());
        awaitEnd(detachedId);
        CliRun board = CliRun.of("leaderboard", detachedDir.toString());
        assertEquals(0, board.exitCode(), board.out() + board.err());
        for (String f : List.of(Leaderboard.CSV, Leaderboard.MD, Leaderboard.HTML)) {
            assertEquals(Files.readString(dir.resolve("slurm/grid").resolve(f)),
                    Files.readString(detachedDir.resolve(f)), f);
        }
    }

    @Test
    void oneExperimentIsOneJobIntoTheRunFolderALocalRunMakes() throws Exception {
        Path file = Files.writeString(dir.resolve("one.yaml"), "extends: "
                + TestData.checkout().resolve("experiments/quick.yaml") + "\n" + """
                name: one
                dataset: {train_limit: 300, validation_limit: 100, test_limit: 100}
                training: {epochs: 1}
                """);
        CliRun slurm = CliRun.of(file.toString(), "--executor", "slurm", "--slurm-partition", "local",
                "--slurm-time", "10", "--out", dir.resolve("slurm").toString(), "--data-dir", data);
        assertEquals(0, slurm.exitCode(), slurm.out() + slurm.err());
        assertTrue(slurm.out().contains(": 1 run, partition local; script "), slurm.out());
        CliRun local = CliRun.of(file.toString(), "--out", dir.resolve("local").toString(), "--data-dir", data);
        assertEquals(0, local.exitCode(), local.out() + local.err());
        Path slurmRun = only(dir.resolve("slurm/one"));
        Path localRun = only(dir.resolve("local/one"));
        assertTrue(slurm.out().endsWith("results: " + slurmRun + "\n"), slurm.out());
        JsonNode s = new ObjectMapper().readTree(slurmRun.resolve("run.json").toFile());
        JsonNode l = new ObjectMapper().readTree(localRun.resolve("run.json").toFile());
        assertEquals(l.path("params_sha256"), s.path("params_sha256"));
        assertEquals(l.path("config_sha256"), s.path("config_sha256"));
        assertEquals(slurmRun.getFileName().toString(), s.path("run_id").asText());
        assertEquals("slurm", s.path("execution").path("executor").asText());
        // The files of a local run, and Slurm's log of the task besides the point's description.
        for (String f : List.of("config.yaml", "metrics.csv", "model.zip", "report.html", "per_class.csv")) {
            assertTrue(Files.isRegularFile(slurmRun.resolve(f)), f);
        }
        assertEquals(Files.readString(localRun.resolve("metrics.csv")).lines().map(SlurmCommandTest::metricsOnly)
                .toList(), Files.readString(slurmRun.resolve("metrics.csv")).lines().map(SlurmCommandTest::metricsOnly)
                .toList());
    }

    /**
     * {@code reproduce --executor slurm}: every seed of every experiment is a task of one array, the runs equal a
     * local reproduction's and so does the table; detached, the command printed to finish it writes the same table.
     */
    @Test
    void aReproductionOnSlurmEqualsALocalOne() throws Exception {
        List<String> common = List.of("reproduce", "--quick", "--seeds", "2", "--set", "dataset.train_limit=200",
                "--set", "dataset.validation_limit=50", "--set", "dataset.test_limit=100", "--data-dir", data,
                TestData.checkout().resolve("experiments/tutorials/jumpml-digits-pytorch.yaml").toString(),
                TestData.checkout().resolve("experiments/tutorials/ese2000-lab4-cnn.yaml").toString());
        List<String> onSlurm = List.of("--executor", "slurm", "--slurm-partition", "local", "--slurm-time", "10",
                "--slurm-mem", "2G");
        CliRun slurm = CliRun.of(args(common, onSlurm, List.of("--out", dir.resolve("slurm").toString())));
        assertEquals(0, slurm.exitCode(), slurm.out() + slurm.err());
        String jobId = jobId(slurm.out());
        assertTrue(slurm.out().contains("submitted job array " + jobId + ": 4 point(s), partition local; script "),
                slurm.out());
        assertTrue(slurm.out().contains("] job " + jobId + ": 4 done, 0 running, 0 pending, 0 failed\n"),
                slurm.out());
        CliRun local = CliRun.of(args(common, List.of("--workers", "2"),
                List.of("--out", dir.resolve("local").toString())));
        assertEquals(0, local.exitCode(), local.out() + local.err());

        Map<String, String> slurmHashes = hashes(dir.resolve("slurm/reproduction"));
        assertEquals(4, slurmHashes.size(), slurmHashes.toString());
        assertEquals(hashes(dir.resolve("local/reproduction")), slurmHashes);
        for (JsonNode r : records(dir.resolve("slurm/reproduction")).values()) {
            assertEquals(jobId, r.path("execution").path("slurm_array_job_id").asText(), r.toString());
        }
        assertEquals(tableWithoutTimes(dir.resolve("local")), tableWithoutTimes(dir.resolve("slurm")));

        Path detachedOut = dir.resolve("detached");
        CliRun detached = CliRun.of(args(common, onSlurm, List.of("--detach", "--out", detachedOut.toString())));
        assertEquals(0, detached.exitCode(), detached.out() + detached.err());
        String detachedId = jobId(detached.out());
        assertTrue(detached.out().contains("finish:  bin/runner reproduce --quick"), detached.out());
        assertTrue(!detached.out().contains("--detach --out") && !Files.exists(detachedOut.resolve("reproduction.md")),
                detached.out());
        awaitEnd(detachedId);
        CliRun finish = CliRun.of(args(common, onSlurm, List.of("--out", detachedOut.toString())));
        assertEquals(0, finish.exitCode(), finish.out() + finish.err());
        assertTrue(finish.out().startsWith("reproduction: 4 points; 4 done, 0 to go\n"), finish.out());
        assertEquals(slurmHashes, hashes(detachedOut.resolve("reproduction")));
        assertEquals(tableWithoutTimes(dir.resolve("local")), tableWithoutTimes(detachedOut));
    }

    @SafeVarargs
    private static String[] args(List<String>... parts) {
        return java.util.Arrays.stream(parts).flatMap(List::stream).toArray(String[]::new);
    }

    /** reproduction.md without its timings: the wall time in its head and the rows' training times. */
    private static List<String> tableWithoutTimes(Path out) throws IOException {
        return Files.readAllLines(out.resolve("reproduction.md")).stream()
                .filter(l -> !l.contains(" in all."))
                .map(l -> l.replaceAll("img, [^|]*\\|", "img |")).toList();
    }

    /** A metrics.csv row without its last three columns, the timings. */
    private static String metricsOnly(String row) {
        String[] f = row.split(",", -1);
        return String.join(",", java.util.Arrays.copyOf(f, f.length - 3));
    }

    private static Path only(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> runs = s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .toList();
            assertEquals(1, runs.size(), runs.toString());
            return runs.get(0);
        }
    }

    private static void awaitEnd(String jobId) throws Exception {
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (System.nanoTime() < deadline) {
            Process p = new ProcessBuilder("squeue", "-j", jobId, "-r", "-t", "all", "-h", "-o", "%T")
                    .redirectErrorStream(true).start();
            String states = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            if (states.lines().noneMatch(s -> List.of("PENDING", "RUNNING", "CONFIGURING", "COMPLETING")
                    .contains(s.strip()))) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("job array " + jobId + " did not end within 10 minutes");
    }
}
