package dev.runner.util;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Why an I/O operation failed, in words a user can act on. The JDK's {@link java.nio.file.FileSystemException}s carry
 * only the path as their message ("/results/quick" for a permission problem), so the reason must be read from the
 * exception's type and {@link FileSystemException#getReason()}.
 */
public final class IoErrors {
    private IoErrors() {
    }

    /** "permission denied", "no such file or directory", "No space left on device", …; never just a path. */
    public static String reason(Throwable e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof NoSuchFileException) return "no such file or directory";
        if (e instanceof NotDirectoryException) return "not a directory";
        if (e instanceof FileAlreadyExistsException) return "already exists";
        if (e instanceof DirectoryNotEmptyException) return "directory not empty";
        if (e instanceof FileSystemException fs && fs.getReason() != null) return fs.getReason();
        if (e instanceof FileSystemException) return e.getClass().getSimpleName();
        if (e instanceof AtomicFiles.WriteFailedException w) return w.reason();
        String message = e.getMessage();
        if (message == null || message.isBlank()) return e.getClass().getSimpleName();
        // the JDK's own texts for common failures: "<path> (Permission denied)" from java.io streams
        int paren = message.lastIndexOf(" (");
        if (paren > 0 && message.endsWith(")")) return message.substring(paren + 2, message.length() - 1);
        return message.lines().findFirst().orElse(message);
    }
}
