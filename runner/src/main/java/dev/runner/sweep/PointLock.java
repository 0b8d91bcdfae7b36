package dev.runner.sweep;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * One writer per point folder: an exclusive lock on {@code .point.lock} in the folder, held by the process that
 * trains the point for its whole life. The operating system releases it when that process ends in any way, kill -9
 * included, so a lock is never stale; a process that finds it held leaves the folder alone. The holder writes its
 * pid into the file so the one that is refused can say who has it.
 *
 * <p>The file itself is never deleted: a process that unlinked it on exit could race one that had just opened it,
 * leaving two holders of two different files.
 */
public final class PointLock implements AutoCloseable {
    public static final String FILE = ".point.lock";
    /** Exit code of a point process refused because another holds its folder (sysexits' EX_TEMPFAIL). */
    public static final int EXIT_BUSY = 75;

    private final FileChannel channel;
    private final FileLock lock;

    private PointLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks {@code folder} (creating it) for this process, or empty when another process holds it. */
    public static Optional<PointLock> tryAcquire(Path folder) throws IOException {
        Files.createDirectories(folder);
        FileChannel channel = FileChannel.open(folder.resolve(FILE), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldInThisProcess) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            return Optional.empty();
        }
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
        return Optional.of(new PointLock(channel, lock));
    }

    /**
     * Runs {@code body} (a point's training, returning its exit code) while holding {@code folder}'s lock; when
     * another process holds it, says so on {@code err} and returns {@link #EXIT_BUSY} without touching the folder.
     */
    public static int runHolding(Path folder, PrintStream err, IntSupplier body) {
        Optional<PointLock> lock;
        try {
            lock = tryAcquire(folder);
        } catch (IOException e) {
            err.println("runner: error: cannot lock the point folder " + folder + ": " + e.getMessage());
            err.flush();
            return 1;
        }
        if (lock.isEmpty()) {
            err.println("runner: error: " + folder + " is being trained by " + holder(folder) + "; a point folder "
                    + "has one writer at a time, so this process leaves it alone");
            err.flush();
            return EXIT_BUSY;
        }
        try {
            return body.getAsInt();
        } finally {
            try {
                lock.get().close();
            } catch (IOException releasing) {
                // the process ends next and the system releases the lock with it
            }
        }
    }

    /** Who holds {@code folder}, for a message: {@code pid 1234}, or {@code another process} if it cannot be read. */
    public static String holder(Path folder) {
        try {
            String pid = Files.readString(folder.resolve(FILE), StandardCharsets.UTF_8).trim();
            if (pid.matches("[0-9]{1,19}")) return "pid " + pid;
        } catch (IOException | RuntimeException ignored) {
            // the holder has not written its pid yet, or the file is unreadable: say less
        }
        return "another process";
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
