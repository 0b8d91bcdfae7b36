package dev.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runner.TestData;
import dev.runner.data.DatasetInfo;
import dev.runner.results.MetricsCsv;
import dev.runner.results.RunLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A learning rate that makes training blow up in its second epoch (a step schedule multiplying it by 1e8): the run
 * stops there, says where and what to try, and keeps the first epoch with its metrics row, plots and report.
 */
class DivergenceTest {
    @TempDir
    Path results;

    @Test
    void divergenceSaysWhereAndKeepsTheEpochsThatFinished() throws Exception {
        Path dataDir = TestData.ensure(DatasetInfo.MNIST);
        CliRun run = CliRun.of(TestData.checkout().resolve("experiments/quick.yaml").toString(),
                "--out", results.toString(), "--data-dir", dataDir.toString(),
                "--set", "dataset.train_limit=300", "--set", "dataset.validation_limit=100",
                "--set", "dataset.test_limit=200", "--set", "training.epochs=3",
                "--set", "schedule.step.step_size=1", "--set", "schedule.step.gamma=1e8");
        assertEquals(1, run.exitCode(), run.out() + run.err());
        Matcher m = Pattern.compile("runner: error: training diverged at epoch 2, batch (\\d+) \\((loss|parameters)"
                + "[^)]*\\); try a smaller lr \\(record in ").matcher(run.err());
        assertTrue(m.find(), run.err());
        assertFalse(run.err().contains("NaNs present"), run.err());
        Path dir;
        try (Stream<Path> s = Files.list(results.resolve("quick"))) {
            dir = s.findFirst().orElseThrow();
        }
        JsonNode record = new ObjectMapper().readTree(dir.resolve(RunLayout.RECORD).toFile());
        assertEquals("failed", record.path("status").asText());
        assertTrue(record.path("error").asText().startsWith("training diverged at epoch 2, batch "), record.toString());
        assertEquals(1, record.path("epochs_completed").asInt());
        assertTrue(record.path("final_metrics").path("test_accuracy").isNumber(), record.toString());
        assertEquals(1, MetricsCsv.read(dir.resolve(RunLayout.METRICS)).rows().size());
        for (String kept : new String[] {RunLayout.REPORT, RunLayout.LOSS_PLOT, RunLayout.ACCURACY_PLOT}) {
            assertTrue(Files.isRegularFile(dir.resolve(kept)), kept);
            assertTrue(record.path("files").toString().contains(kept), record.path("files").toString());
        }
        assertFalse(Files.exists(dir.resolve(RunLayout.MODEL)), "a diverged model is not kept");
    }
}
