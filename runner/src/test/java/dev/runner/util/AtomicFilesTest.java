package dev.runner.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void replacesTheFileAndLeavesNoTemporary() throws IOException {
        Path file = dir.resolve("run.json");
        AtomicFiles.writeString(file, "first");
        AtomicFiles.writeString(file, "second");
        assertEquals("second", Files.readString(file));
        assertFalse(Files.exists(dir.resolve("run.json" + AtomicFiles.PARTIAL)));
    }

    @Test
    void aFailedWriteKeepsThePreviousFile() throws IOException {
        Path file = dir.resolve("metrics.csv");
        AtomicFiles.writeString(file, "epoch\n1\n");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(file, partial -> {
            Files.writeString(partial, "epoch\n1\n2,half a ro");
            throw new IOException("disk full");
        }));
        // the failure names the file it was writing and keeps why
        assertEquals("cannot write " + file + ": disk full", e.getMessage());
        assertEquals("disk full", ((AtomicFiles.WriteFailedException) e).reason());
        assertEquals("epoch\n1\n", Files.readString(file));
        assertFalse(Files.exists(dir.resolve("metrics.csv" + AtomicFiles.PARTIAL)));
    }
}
