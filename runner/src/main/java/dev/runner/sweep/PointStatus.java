package dev.runner.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runner.run.ExperimentRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a point's folder says about it: a {@code run.json} with status completed is done; one with status failed,
 * or a folder without a readable {@code run.json} (a killed run), is to be run again; no folder, not started.
 */
public enum PointStatus {
    NEW, DONE, FAILED, INTERRUPTED;

    public static PointStatus of(Path folder) {
        if (!Files.isDirectory(folder)) return NEW;
        Path record = folder.resolve(ExperimentRun.RECORD);
        if (!Files.isRegularFile(record)) return INTERRUPTED;
        try {
            JsonNode json = new ObjectMapper().readTree(record.toFile());
            String status = json.path("status").asText("");
            if (status.equals("completed")) return DONE;
            return status.equals("failed") ? FAILED : INTERRUPTED;
        } catch (IOException e) {
            return INTERRUPTED; // cut off while being written
        }
    }
}
