package dev.runner.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/fetch-datasets where the data folder cannot take the files. It runs as {@code fetch X || status=1}, so bash
 * ignores {@code set -e} inside it; before the fix an unwritable data folder left the staging path empty, the files
 * were copied to "/" and "/*.gz" deleted, and it said "ready". Each case must fail, say why, and touch nothing else.
 */
class FetchDatasetsScriptTest {
    @TempDir
    Path tmp;

    private record Outcome(int exit, String stderr) {
    }

    private static Outcome fetch(Path dataDir) throws IOException, InterruptedException {
        Path script = TestData.checkout().resolve("scripts").resolve("fetch-datasets");
        Process p = new ProcessBuilder("bash", script.toString(), "--data-dir", dataDir.toString(), "mnist")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "fetch-datasets did not end");
        return new Outcome(p.exitValue(), err);
    }

    private static List<String> rootEntries() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/"))) {
            return s.map(Path::toString).sorted().toList();
        }
    }

    @Test
    void dataFolderThatCannotBeCreatedFailsAndWritesNothingAtTheRoot() throws Exception {
        Path file = Files.writeString(tmp.resolve("plain-file"), "x");
        List<String> before = rootEntries();
        Outcome o = fetch(file.resolve("data"));
        assertEquals(1, o.exit(), o.stderr());
        assertTrue(o.stderr().contains("is not a folder") || o.stderr().contains("cannot create"), o.stderr());
        assertFalse(o.stderr().contains("ready"), o.stderr());
        assertEquals(before, rootEntries());
    }

    @Test
    void datasetFolderThatIsAPlainFileFails() throws Exception {
        Files.writeString(tmp.resolve("mnist"), "not a folder");
        Outcome o = fetch(tmp);
        assertEquals(1, o.exit(), o.stderr());
        assertEquals("fetch-datasets: " + tmp.resolve("mnist") + " is not a folder\n", o.stderr());
        assertEquals("not a folder", Files.readString(tmp.resolve("mnist")));
    }

    @Test
    void dataFileThatIsAFolderFailsAndNothingIsMovedIntoIt() throws Exception {
        Path inTheWay = Files.createDirectories(tmp.resolve("mnist").resolve("train-images-idx3-ubyte"));
        Outcome o = fetch(tmp);
        assertEquals(1, o.exit(), o.stderr());
        assertEquals("fetch-datasets: " + inTheWay + " is in the way: it is not a regular file; move or delete it\n",
                o.stderr());
        try (Stream<Path> s = Files.list(inTheWay)) {
            assertEquals(0, s.count());
        }
    }
}
