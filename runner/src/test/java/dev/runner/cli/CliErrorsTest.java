package dev.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.TestData;
import dev.runner.data.DatasetInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it when something is wrong: exit code and the exact message, no stack trace. */
class CliErrorsTest {
    @TempDir
    Path tmp;

    private static String quick() {
        return TestData.checkout().resolve("experiments/quick.yaml").toString();
    }

    @Test
    void unknownOptionIsAUsageError() {
        CliRun run = CliRun.of("--bogus", quick());
        assertEquals(2, run.exitCode());
        assertEquals("runner: Unknown option: '--bogus'\nTry 'runner --help' for usage.\n", run.err());
        assertEquals("", run.out());
    }

    @Test
    void noExperimentIsAUsageError() {
        CliRun run = CliRun.of();
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("runner: missing experiment file\nUsage: runner "), run.err());
    }

    @Test
    void missingFileIsAnInvalidExperiment() {
        CliRun run = CliRun.of(tmp.resolve("nothere.yaml").toString());
        assertEquals(2, run.exitCode());
        assertEquals(tmp.resolve("nothere.yaml") + ": no such file\n", run.err());
    }

    @Test
    void badOverridesAreReportedTogetherAtTheirFlags() {
        CliRun run = CliRun.of(quick(), "--set", "training.epochs=0", "--set", "optimizer.sgd.lrr=3");
        assertEquals(2, run.exitCode());
        assertEquals("--set training.epochs=0: epochs must be a positive integer, got 0\n--set optimizer.sgd.lrr=3: "
                + "unknown key 'lrr' in sgd; did you mean 'lr'? (valid: lr, momentum, nesterov, weight_decay)\n",
                run.err());
    }

    @Test
    void truncatedDatasetFailsNamingTheFileAndTheFix() throws Exception {
        Path good = TestData.ensure(DatasetInfo.MNIST).resolve("mnist");
        Path bad = tmp.resolve("data").resolve("mnist");
        Files.createDirectories(bad);
        for (String f : new String[] {"train-images-idx3-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
            Path source = Files.exists(good.resolve(f)) ? good.resolve(f) : good.resolve(f + ".gz");
            Files.createSymbolicLink(bad.resolve(source.getFileName()), source);
        }
        Path labels = Files.exists(good.resolve("train-labels-idx1-ubyte")) ? good.resolve("train-labels-idx1-ubyte")
                : null;
        byte[] content = labels != null ? Files.readAllBytes(labels)
                : new java.util.zip.GZIPInputStream(Files.newInputStream(good.resolve("train-labels-idx1-ubyte.gz")))
                        .readAllBytes();
        Files.write(bad.resolve("train-labels-idx1-ubyte"), Arrays.copyOf(content, 1000));
        CliRun run = CliRun.of(quick(), "--data-dir", tmp.resolve("data").toString(), "--out",
                tmp.resolve("results").toString());
        assertEquals(1, run.exitCode());
        assertEquals("runner: error: " + bad.resolve("train-labels-idx1-ubyte") + ": truncated: the header promises "
                + "60000 bytes of data but the file holds 992; fetch a good copy with: scripts/fetch-datasets "
                + "--data-dir " + tmp.resolve("data") + " mnist\n", run.err());
        assertTrue(Files.notExists(tmp.resolve("results")), "no results folder for a run that never started");
    }

    @Test
    void helpListsTheExitCodes() {
        CliRun run = CliRun.of("--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("Exit codes:\n  0   success\n  1   failure while running (data, backend, "
                + "training, output)\n  2   invalid experiment or usage\n"), run.out());
    }
}
