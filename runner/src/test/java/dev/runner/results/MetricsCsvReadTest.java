package dev.runner.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.train.EpochMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsCsvReadTest {
    @TempDir
    Path dir;

    @Test
    void readsWhatTheWriterWrote() throws IOException {
        Path file = dir.resolve(RunLayout.METRICS);
        try (MetricsCsvWriter w = new MetricsCsvWriter(file)) {
            assertTrue(MetricsCsv.read(file).rows().isEmpty(), "the header is there before the first epoch");
            w.onEpochEnd(new EpochMetrics(1, 0.5, 0.8, Double.NaN, Double.NaN, 0.4, 0.85, 0.01, 1, 2, 3));
            assertEquals(1, MetricsCsv.read(file).rows().size(), "each epoch is on disk when it ends");
            w.onEpochEnd(new EpochMetrics(2, 0.25, 0.9, Double.NaN, Double.NaN, 0.3, 0.875, 0.01, 1, 2, 3));
        }
        MetricsCsv.Table t = MetricsCsv.read(file);
        assertEquals(MetricsCsv.HEADER, t.header());
        assertEquals(List.of(0.85, 0.875), t.numbers("test_accuracy"));
        assertTrue(t.numbers("val_accuracy").stream().allMatch(v -> v.isNaN()), "not measured reads as NaN");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.numbers("top5"));
        assertTrue(e.getMessage().startsWith("metrics.csv has no column top5"), e.getMessage());
        assertTrue(Files.list(dir).allMatch(f -> f.getFileName().toString().equals(RunLayout.METRICS)),
                "no temporary file is left");
    }
}
