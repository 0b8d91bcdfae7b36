package dev.runner.results;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * {@code <results>/<name>/<run-id>/}. The run id is the UTC start time; a second run in the same second gets a
 * suffix. The folder is created atomically, so a run never writes into another run's folder.
 */
public record RunDirectory(Path path, String runId) {
    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    public static RunDirectory create(Path resultsRoot, String experimentName, ZonedDateTime start)
            throws IOException {
        Path parent = resultsRoot.resolve(experimentName);
        Files.createDirectories(parent);
        String base = start.withZoneSameInstant(ZoneOffset.UTC).format(ID);
        for (int attempt = 1; ; attempt++) {
            String id = attempt == 1 ? base : base + "-" + attempt;
            try {
                return new RunDirectory(Files.createDirectory(parent.resolve(id)), id);
            } catch (FileAlreadyExistsException taken) {
                // another run started in the same second; take the next suffix
            }
        }
    }

    public Path file(String name) {
        return path.resolve(name);
    }
}
