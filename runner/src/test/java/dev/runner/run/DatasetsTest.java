package dev.runner.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.TestData;
import dev.runner.config.DatasetName;
import dev.runner.data.DataException;
import dev.runner.data.DatasetInfo;
import dev.runner.data.LoadedDataset;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A command's datasets: loaded once, and a missing one without a fetch script fails saying how to fetch it. */
class DatasetsTest {
    @TempDir
    Path empty;

    @Test
    void aDatasetIsLoadedOncePerCommand() throws Exception {
        StringWriter log = new StringWriter();
        Datasets datasets = new Datasets(TestData.ensure(DatasetInfo.MNIST), null, new PrintWriter(log, true));
        LoadedDataset first = datasets.load(DatasetName.MNIST);
        assertSame(first, datasets.load(DatasetName.MNIST));
        assertEquals(60_000, first.train().count());
        assertEquals("", log.toString(), "nothing to fetch");
    }

    @Test
    void missingDataWithoutAFetchScriptSaysHowToFetchIt() {
        Datasets datasets = new Datasets(empty, null, new PrintWriter(new StringWriter(), true));
        DataException e = assertThrows(DataException.class, () -> datasets.fetchIfMissing(List.of(DatasetName.MNIST)));
        assertTrue(e.getMessage().startsWith("dataset mnist is missing from " + empty), e.getMessage());
        assertTrue(e.getMessage().endsWith("scripts/fetch-datasets --data-dir " + empty + " mnist"), e.getMessage());
        assertThrows(DataException.class, () -> datasets.load(DatasetName.MNIST));
    }
}
