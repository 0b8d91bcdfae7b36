package dev.runner.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.runner.cli.CliRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that are not regular files, given as the experiment or as its {@code extends}: a device that never ends
 * ({@code /dev/zero}, which was read for gigabytes until the heap ran out) and a FIFO (on which reading blocked for
 * ever) are refused by name, without being opened.
 */
class SpecialFileTest {
    private static final Duration QUICK = Duration.ofSeconds(20);
    private static final String NOT_REGULAR = ": not a regular file (a device, pipe or socket); give an experiment "
            + "file (.yaml)\n";

    @TempDir
    Path dir;

    @Test
    void aDeviceThatNeverEndsIsRefusedUnread() {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.exists(zero), "no /dev/zero here");

        CliRun result = assertTimeoutPreemptively(QUICK, () -> CliRun.of("validate", zero.toString()));

        assertEquals(2, result.exitCode(), result.err());
        assertEquals(zero + NOT_REGULAR, result.err());
    }

    @Test
    void aFifoIsRefusedWithoutWaitingForAWriter() throws Exception {
        Path fifo = fifo("experiment.yaml");

        CliRun validate = assertTimeoutPreemptively(QUICK, () -> CliRun.of("validate", fifo.toString()));
        CliRun run = assertTimeoutPreemptively(QUICK, () -> CliRun.of(fifo.toString()));

        assertEquals(2, validate.exitCode(), validate.err());
        assertEquals(fifo + NOT_REGULAR, validate.err());
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(fifo + NOT_REGULAR, run.err());
    }

    @Test
    void extendsOfAFifoOrADeviceIsRefusedAtItsLine() throws Exception {
        Path fifo = fifo("base.yaml");
        for (String target : new String[] {fifo.toString(), "/dev/zero"}) {
            if (!Files.exists(Path.of(target))) continue;
            Path child = dir.resolve("child.yaml");
            Files.writeString(child, "extends: " + target + "\nseed: 1\n", StandardCharsets.UTF_8);

            CliRun result = assertTimeoutPreemptively(QUICK, () -> CliRun.of("validate", child.toString()));

            assertEquals(2, result.exitCode(), result.err());
            assertEquals(child + ":1:10: extends: " + target + " is not a regular file (a device, pipe or socket); "
                    + "name an experiment file (.yaml)\n  extends: " + target + "\n           ^\n", result.err());
        }
    }

    @Test
    void extendsOfADirectorySaysItIsOne() throws Exception {
        Files.createDirectory(dir.resolve("bases"));
        Path child = dir.resolve("child.yaml");
        Files.writeString(child, "extends: bases\nseed: 1\n", StandardCharsets.UTF_8);

        CliRun result = CliRun.of("validate", child.toString());

        assertEquals(2, result.exitCode(), result.err());
        assertEquals(child + ":1:10: extends: " + dir.resolve("bases") + " is a directory; name an experiment file "
                + "(.yaml)\n  extends: bases\n           ^\n", result.err());
    }

    private Path fifo(String name) throws IOException, InterruptedException {
        Path fifo = dir.resolve(name);
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "no mkfifo here: " + e.getMessage());
            throw e;
        }
        assumeTrue(mkfifo.waitFor() == 0 && Files.exists(fifo), "mkfifo failed");
        return fifo;
    }
}
