package dev.runner.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.results.RunLayout;
import dev.runner.results.RunRecord;
import dev.runner.results.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A point that fails before it trains leaves a run.json that reads as failed, so a resumed sweep reruns it. */
class PointMainTest {
    @TempDir
    Path dir;

    @Test
    void aFailureBeforeTrainingIsRecordedAsFailed() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("0123456789ab"));
        // no point.json: the child cannot even read what to train
        assertEquals(1, PointMain.run(folder, dir.resolve("data")));
        RunRecord.Stored record = RunRecord.read(folder.resolve(RunLayout.RECORD));
        assertEquals(RunRecord.FORMAT_VERSION, record.formatVersion());
        assertTrue(record.is(RunStatus.FAILED));
        assertEquals("0123456789ab", record.runId());
        assertNotNull(record.error());
        assertTrue(record.error().contains(SweepRunner.POINT_JSON), record.error());
        assertEquals(PointStatus.FAILED, PointStatus.of(folder));
    }
}
