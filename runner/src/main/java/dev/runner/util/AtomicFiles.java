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

    /**
     * The file could not be written (no space left, permission denied, a failed encoder): nothing is left in its
     * place, the previous version, if any, is untouched.
     */
    public static final class WriteFailedException extends IOException {
        private final Path file;
        private final String reason;

        WriteFailedException(Path file, String reason, Throwable cause) {
            super("cannot write " + file + ": " + reason, cause);
            this.file = file;
            this.reason = reason;
        }

        public Path file() {
            return file;
        }

        /** Why, without the path: "No space left on device". */
        public String reason() {
            return reason;
        }
    }

    /** @throws WriteFailedException naming the file and why, whatever the writer threw */
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
            if (e instanceof WriteFailedException) throw e;
            throw new WriteFailedException(file, IoErrors.reason(rootIo(e)), e);
        }
    }

    /** The I/O failure under wrappers (a writer that rethrows an IOException as unchecked): it says what went wrong. */
    private static Throwable rootIo(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) return t;
        }
        return e;
    }

    public static void write(Path file, byte[] content) throws IOException {
        write(file, f -> Files.write(f, content));
    }

    /** As UTF-8. */
    public static void writeString(Path file, String content) throws IOException {
        write(file, f -> Files.writeString(f, content, StandardCharsets.UTF_8));
    }
}
