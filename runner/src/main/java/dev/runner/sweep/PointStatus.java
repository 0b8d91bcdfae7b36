package dev.runner.sweep;

import dev.runner.results.RunLayout;
import dev.runner.results.RunRecord;
import dev.runner.results.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a point's folder says about it: a {@code run.json} with status completed is done, pruned is pruned (both
 * finished, not run again); one with status failed,
 * or a folder without a readable {@code run.json} (a killed run), is to be run again; no folder, not started.
 */
public enum PointStatus {
    NEW, DONE, PRUNED, FAILED, INTERRUPTED;

    /** Done or pruned: the point ran to its end and is not run again. */
    public boolean finished() {
        return this == DONE || this == PRUNED;
    }

    public static PointStatus of(Path folder) {
        if (!Files.isDirectory(folder)) return NEW;
        Path record = folder.resolve(RunLayout.RECORD);
        if (!Files.isRegularFile(record)) return INTERRUPTED;
        Optional<RunStatus> status;
        try {
            status = RunRecord.read(record).status();
        } catch (IOException e) {
            return INTERRUPTED; // not a record this runner can read; training it again is safe
        }
        if (status.isEmpty()) return INTERRUPTED;
        if (status.get() == RunStatus.PRUNED) return PRUNED;
        return status.get() == RunStatus.COMPLETED ? DONE : FAILED;
    }
}
