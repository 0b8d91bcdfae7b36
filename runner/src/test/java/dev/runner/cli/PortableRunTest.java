package dev.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runner.TestData;
import dev.runner.data.DatasetInfo;
import dev.runner.run.PortableMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reproducibility: portable} as a user meets it: {@code bin/runner}'s java command, started in an environment
 * that asks the native libraries for other kernels (AVX-512 and SkylakeX, SSE4.1 and Sandybridge: each gives a fast run
 * another params_sha256 on this machine), relaunches itself with the pinned settings and gives one hash whatever
 * the outer environment said.
 */
class PortableRunTest {
    private static final String EXPERIMENT = """
            name: tiny
            seed: 3
            dataset: {name: mnist, train_limit: 192, test_limit: 64}
            model:
              layers:
                - conv2d: {filters: 4, kernel: 3}
                - relu
                - maxpool: 2
                - flatten
                - dense: {units: 16, activation: relu}
                - dense: 10
            optimizer: {sgd: {lr: 0.05, momentum: 0.9}}
            training: {epochs: 1, batch_size: 32, eval_batch_size: 64}
            reproducibility: portable
            """;

    @TempDir
    Path dir;

    record Launched(int exitCode, String output, Path runJson) {
    }

    @Test
    void oneHashWhateverKernelsTheOuterEnvironmentAsksFor() throws Exception {
        Path data = TestData.ensure(DatasetInfo.MNIST);
        Path file = dir.resolve("tiny.yaml");
        Files.writeString(file, EXPERIMENT);
        List<Map<String, String>> outer = List.of(
                Map.of("DNNL_MAX_CPU_ISA", "AVX512_CORE", "OPENBLAS_CORETYPE", "SkylakeX", "OMP_NUM_THREADS", "2"),
                Map.of("DNNL_MAX_CPU_ISA", "SSE41", "OPENBLAS_CORETYPE", "Sandybridge"));
        Path logs = Files.createDirectories(dir.resolve("classes"));
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < outer.size(); i++) {
            Path out = dir.resolve("out" + i);
            // The first run logs the classes each JVM loads, one file per process.
            List<String> jvm = i == 0 ? List.of("-Xlog:class+load:file=" + logs + "/%p.log") : List.of();
            Launched run = launch(outer.get(i), jvm, List.of(file.toString(), "--out", out.toString(),
                    "--data-dir", data.toString()), out);
            assertEquals(0, run.exitCode(), run.output());
            JsonNode record = new ObjectMapper().readTree(run.runJson().toFile());
            JsonNode backend = record.path("backend");
            assertEquals("AVX2", backend.path("dnnl_max_cpu_isa").asText(), run.output());
            assertEquals("Haswell", backend.path("openblas_core").asText(), "OpenBLAS's own answer");
            assertEquals("1", backend.path("omp_num_threads").asText());
            hashes.add(record.path("params_sha256").asText());
        }
        assertEquals(64, hashes.get(0).length());
        assertEquals(hashes.get(0), hashes.get(1), "the outer settings must not reach the portable run");
        assertEquals(List.of(false, true), nd4jLoadedByTheRunnerJvms(logs),
                "the parent decides on the config alone; only the relaunched JVM loads ND4J");
    }

    /** For each JVM that ran the runner's main class, oldest first: whether it loaded ND4J. */
    private static List<Boolean> nd4jLoadedByTheRunnerJvms(Path logs) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(logs)) {
            files = s.toList();
        }
        Map<Long, Boolean> byPid = new java.util.TreeMap<>();
        for (Path log : files) {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            if (!text.contains(Main.class.getName() + " ")) continue; // the OpenBLAS probe
            byPid.put(Long.parseLong(log.getFileName().toString().replace(".log", "")),
                    text.contains("org.nd4j.linalg.factory.Nd4j "));
        }
        return new ArrayList<>(byPid.values());
    }

    @Test
    void aFailureOfTheRelaunchedRunIsTheCommandsExitCode() throws Exception {
        Path file = dir.resolve("tiny.yaml");
        Files.writeString(file, EXPERIMENT);
        Path empty = Files.createDirectories(dir.resolve("no-data"));
        Launched run = launch(Map.of(), List.of(file.toString(), "--out", dir.resolve("out").toString(),
                "--data-dir", empty.toString()), null);
        assertEquals(1, run.exitCode(), run.output());
        assertTrue(run.output().contains("mnist"), run.output());
    }

    @Test
    void theRelaunchedRunDiesWithItsParent() throws Exception {
        Path data = TestData.ensure(DatasetInfo.MNIST);
        Path file = dir.resolve("long.yaml");
        Files.writeString(file, EXPERIMENT.replace("epochs: 1", "epochs: 1000"));
        Process parent = start(Map.of(), List.of(), List.of(file.toString(), "--out", dir.resolve("out").toString(),
                "--data-dir", data.toString()));
        try {
            Optional<ProcessHandle> child = Optional.empty();
            for (int i = 0; i < 600 && child.isEmpty() && parent.isAlive(); i++) {
                child = parent.toHandle().children().filter(c -> c.info().command().orElse("").endsWith("java"))
                        .findFirst();
                Thread.sleep(100);
            }
            assertTrue(child.isPresent(), "the portable child JVM started");
            parent.destroyForcibly(); // kill -9: no shutdown hook runs in the parent
            assertTrue(parent.waitFor(10, TimeUnit.SECONDS));
            ProcessHandle orphan = child.get();
            orphan.onExit().get(20, TimeUnit.SECONDS);
            assertFalse(orphan.isAlive(), "the child noticed its parent's death and stopped");
        } finally {
            parent.destroyForcibly();
            parent.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static Launched launch(Map<String, String> env, List<String> args, Path out) throws Exception {
        return launch(env, List.of(), args, out);
    }

    private static Launched launch(Map<String, String> env, List<String> jvmArgs, List<String> args, Path out)
            throws Exception {
        Process p = start(env, jvmArgs, args);
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        return new Launched(p.exitValue(), output, out == null ? null : runJson(out));
    }

    /** bin/runner's command: this JVM's java and class path, the runner's main class. */
    private static Process start(Map<String, String> env, List<String> jvmArgs, List<String> args)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        cmd.add("-Xmx1g");
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-Dorg.eclipse.deeplearning4j.helpers.disable=false");
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        PortableMode.ENVIRONMENT.keySet().forEach(pb.environment()::remove);
        pb.environment().remove(PortableMode.PARENT_PID);
        pb.environment().putAll(env);
        return pb.start();
    }

    private static Path runJson(Path out) throws IOException {
        try (Stream<Path> s = Files.walk(out)) {
            Path found = s.filter(p -> p.getFileName().toString().equals("run.json")).findFirst().orElse(null);
            assertNotNull(found, "a run.json under " + out);
            return found;
        }
    }
}
