package dev.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.TestData;
import dev.runner.data.DataException;
import dev.runner.data.IdxReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A file the runner cannot read or write: the message says why, not only the path. */
class FileErrorsTest {
    @TempDir
    Path tmp;

    @Test
    void permissionDeniedSaysSo() {
        CommandLine cl = new CommandLine(new ErrorReportingTest.Failing(
                new AccessDeniedException("/results/quick")));
        ErrorReporting.install(cl);
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        assertEquals(1, cl.execute());
        assertEquals("runner: error: /results/quick: permission denied\n", err.toString().replace("\r\n", "\n"));
    }

    @Test
    void aReadOnlyResultsFolderSaysReadOnly() throws Exception {
        Path ro = tmp.resolve("ro");
        Files.createDirectories(ro);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", ro.toString())
                .redirectErrorStream(true).start();
        Assumptions.assumeTrue(p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0,
                "skipped: cannot mount a read-only tmpfs here (needs root, as in CI)");
        try {
            CliRun run = CliRun.of(TestData.checkout().resolve("experiments/quick.yaml").toString(),
                    "--out", ro.toString(), "--data-dir", TestData.ensure(dev.runner.data.DatasetInfo.MNIST)
                            .toString(), "--set", "dataset.train_limit=100", "--set", "training.epochs=1");
            assertEquals(1, run.exitCode(), run.err());
            assertEquals("runner: error: " + ro.resolve("quick") + ": Read-only file system\n", run.err());
        } finally {
            new ProcessBuilder("umount", ro.toString()).start().waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void anUnreadableDataFileSaysWhy() throws Exception {
        Path file = tmp.resolve("train-images-idx3-ubyte.gz");
        Files.write(file, new byte[] {0, 0, 8, 3});
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        Assumptions.assumeFalse(Files.isReadable(file),
                "skipped: this user reads files whatever their permissions (root)");
        DataException e = org.junit.jupiter.api.Assertions.assertThrows(DataException.class,
                () -> new IdxReader().read(file));
        assertEquals(file + ": cannot read: permission denied", e.getMessage());
    }

    @Test
    void aDataFileThatIsADirectorySaysWhy() throws Exception {
        Path dir = tmp.resolve("train-images-idx3-ubyte");
        Files.createDirectories(dir);
        DataException e = org.junit.jupiter.api.Assertions.assertThrows(DataException.class,
                () -> new IdxReader().read(dir));
        assertTrue(e.getMessage().startsWith(dir + ": cannot read: "), e.getMessage());
        assertTrue(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("directory"), e.getMessage());
        assertTrue(!e.getMessage().endsWith(dir.toString()), e.getMessage());
        assertTrue(StandardCharsets.UTF_8.newEncoder().canEncode(e.getMessage()));
    }
}
