package dev.runner.util;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file under a temporary name beside it and moves it into place in one step, so that a reader (a resumed
 * sweep, {@code compare}, a person) sees the previous complete file or the new complete one, never half of one, even
 * when the process is killed mid-write.
 */
public final class AtomicFiles {
    /** Suffix of the temporary name; a leftover one is the remains of a killed write. */
    public static final String PARTIAL = ".partial";

    /** Writes the content into the file it is given. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(Path file) throws IOException;
    }

    private AtomicFiles() {
    }

    public static void write(Path file, Writer writer) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + PARTIAL);
        try {
            writer.writeTo(partial);
            try {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                // same folder, so only an unusual file system gets here; a plain rename is still one step there
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    public static void write(Path file, byte[] content) throws IOException {
        write(file, f -> Files.write(f, content));
    }

    /** As UTF-8. */
    public static void writeString(Path file, String content) throws IOException {
        write(file, f -> Files.writeString(f, content, StandardCharsets.UTF_8));
    }
}
