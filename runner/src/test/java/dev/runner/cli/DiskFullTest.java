package dev.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runner.TestData;
import dev.runner.data.DatasetInfo;
import dev.runner.results.MetricsCsv;
import dev.runner.results.RunLayout;
import dev.runner.util.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A run whose results folder fills up, for real: a small tmpfs (mounting needs root, as in CI; elsewhere the test is
 * skipped and says so) sized so that the model, the plots or the report does not fit. Whatever fills, every file left
 * in place is whole, the message names the file that could not be written and why, and nothing says completed.
 * The run's files take about 870 KB at their peak: config.yaml, metrics.csv and run.json a few KB each, resume.zip
 * 300 KB (written after epoch 1, deleted once the run completes), model.zip 160 KB, the five plots 170 KB,
 * report.html 230 KB.
 */
class DiskFullTest {
    private static Path dataDir;

    @BeforeAll
    static void data() throws Exception {
        dataDir = TestData.ensure(DatasetInfo.MNIST);
    }

    @ParameterizedTest(name = "{0} KB: {1} does not fit after {2} epoch(s)")
    @CsvSource({"100, resume.zip, 1", "400, model.zip, 2", "560, plots/, 2", "740, report.html, 2"})
    void aFullDiskLeavesOnlyWholeFilesAndSaysWhichCouldNotBeWritten(int kilobytes, String unwritten, int epochs,
                                                                     @org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        Path mount = tmp.resolve("small-disk");
        Files.createDirectories(mount);
        mountTmpfs(mount, kilobytes);
        try {
            CliRun run = CliRun.of(TestData.checkout().resolve("experiments/quick.yaml").toString(),
                    "--out", mount.toString(), "--data-dir", dataDir.toString(),
                    "--set", "dataset.train_limit=300", "--set", "dataset.validation_limit=100",
                    "--set", "dataset.test_limit=200", "--set", "training.epochs=2");
            assertEquals(1, run.exitCode(), run.out() + run.err());
            assertTrue(run.err().startsWith("runner: error: cannot write " + unwritten), run.err());
            assertTrue(run.err().contains("No space left on device"), run.err());
            assertFalse(run.err().contains("training failed"), run.err());
            assertFalse(run.err().contains("Exception"), run.err());
            Path dir;
            try (Stream<Path> s = Files.list(mount.resolve("quick"))) {
                dir = s.findFirst().orElseThrow();
            }
            everyFileIsWhole(dir, epochs);
            JsonNode record = new ObjectMapper().readTree(dir.resolve(RunLayout.RECORD).toFile());
            assertEquals("failed", record.path("status").asText());
            assertTrue(record.path("error").asText().startsWith("cannot write " + unwritten),
                    record.toPrettyString());
            assertEquals(epochs, record.path("epochs_completed").asInt(), "the epochs that finished, as the record says");
            assertTrue(record.path("params_sha256").isNull(), record.toPrettyString());
        } finally {
            unmount(mount);
        }
    }

    /** Absent or complete: each file present parses as what it is, and no temporary file is left. */
    private static void everyFileIsWhole(Path dir, int epochs) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            assertFalse(name.endsWith(AtomicFiles.PARTIAL), "temporary file left: " + f);
            assertTrue(Files.size(f) > 0, "empty file in place: " + f);
            if (name.endsWith(".png")) {
                assertNotNull(ImageIO.read(f.toFile()), "not a whole PNG: " + f);
            } else if (name.endsWith(".zip")) {
                try (ZipFile zip = new ZipFile(f.toFile())) {
                    assertTrue(zip.size() > 0, f.toString());
                }
            } else if (name.endsWith(".json")) {
                assertTrue(new ObjectMapper().readTree(f.toFile()).isObject(), f.toString());
            } else if (name.endsWith(".html")) {
                assertTrue(Files.readString(f, StandardCharsets.UTF_8).strip().endsWith("</html>"), f.toString());
            } else if (name.equals(RunLayout.METRICS)) {
                assertEquals(epochs, MetricsCsv.read(f).rows().size(), f.toString());
            } else if (name.endsWith(".csv") || name.endsWith(".yaml")) {
                assertTrue(Files.readString(f, StandardCharsets.UTF_8).endsWith("\n"), f.toString());
            }
        }
    }

    private static void mountTmpfs(Path dir, int kilobytes) throws Exception {
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + kilobytes + "k", "tmpfs",
                dir.toString()).redirectErrorStream(true).start();
        boolean done = p.waitFor(20, TimeUnit.SECONDS);
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(done && p.exitValue() == 0,
                "skipped: cannot mount a small tmpfs here (needs root, as in CI): " + output.strip());
    }

    private static void unmount(Path dir) throws Exception {
        Process p = new ProcessBuilder("umount", dir.toString()).redirectErrorStream(true).start();
        p.waitFor(20, TimeUnit.SECONDS);
    }
}
