package dev.runner.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.runner.config.DatasetName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetStoreTest {
    private static final int TRAIN = 20;
    private static final int TEST = 5;

    @TempDir
    Path dataDir;

    private final byte[] trainImages = IdxFixtures.idx(new int[]{TRAIN, 28, 28}, IdxFixtures.imageBytes(TRAIN));
    private final byte[] trainLabels = IdxFixtures.idx(new int[]{TRAIN}, IdxFixtures.labelBytes(TRAIN));
    private final byte[] testImages = IdxFixtures.idx(new int[]{TEST, 28, 28}, IdxFixtures.imageBytes(TEST));
    private final byte[] testLabels = IdxFixtures.idx(new int[]{TEST}, IdxFixtures.labelBytes(TEST));

    /** MNIST's names and layout, with the checksums and sizes of the tiny files above. */
    private DatasetInfo tiny(int trainCount) {
        return new DatasetInfo(DatasetName.MNIST, 1, 28, 28, DatasetInfo.MNIST.classNames(), trainCount, TEST,
                new DatasetInfo.IdxFiles(
                        new DatasetInfo.FileRef("train-images-idx3-ubyte", IdxFixtures.sha256(trainImages)),
                        new DatasetInfo.FileRef("train-labels-idx1-ubyte", IdxFixtures.sha256(trainLabels)),
                        new DatasetInfo.FileRef("t10k-images-idx3-ubyte", IdxFixtures.sha256(testImages)),
                        new DatasetInfo.FileRef("t10k-labels-idx1-ubyte", IdxFixtures.sha256(testLabels))));
    }

    private Path mnist(String name) {
        return dataDir.resolve("mnist").resolve(name);
    }

    private void writeAll(boolean gzipImages) {
        IdxFixtures.write(mnist("train-images-idx3-ubyte" + (gzipImages ? ".gz" : "")),
                gzipImages ? IdxFixtures.gzip(trainImages) : trainImages);
        IdxFixtures.write(mnist("train-labels-idx1-ubyte"), trainLabels);
        IdxFixtures.write(mnist("t10k-images-idx3-ubyte" + (gzipImages ? ".gz" : "")),
                gzipImages ? IdxFixtures.gzip(testImages) : testImages);
        IdxFixtures.write(mnist("t10k-labels-idx1-ubyte"), testLabels);
    }

    private String fetch() {
        return "scripts/fetch-datasets --data-dir " + dataDir + " mnist";
    }

    @Test
    void loadsAndScalesPixelsToUnitRange() throws Exception {
        writeAll(false);
        LoadedDataset data = new DatasetStore(dataDir).load(tiny(TRAIN));
        assertEquals(TRAIN, data.train().count());
        assertEquals(TEST, data.test().count());
        assertEquals(784, data.train().imageSize());
        // Image 3, pixel p holds (3 + p) mod 256: 3 → 3/255, 252 → 255/255, 253 → 0.
        float[] pixels = data.train().pixels();
        assertEquals(3 / 255f, pixels[3 * 784]);
        assertEquals(1f, pixels[3 * 784 + 252]);
        assertEquals(0f, pixels[3 * 784 + 253]);
        assertEquals(51 / 255f, pixels[3 * 784 + 48]);
        assertArrayEquals(new int[]{0, 1, 2, 3, 4}, data.test().labels());
        assertEquals(9, data.train().labels()[19]);
    }

    @Test
    void gzippedFilesLoadTheSame() throws Exception {
        writeAll(false);
        LoadedDataset raw = new DatasetStore(dataDir).load(tiny(TRAIN));
        Files.delete(mnist("train-images-idx3-ubyte"));
        Files.delete(mnist("t10k-images-idx3-ubyte"));
        writeAll(true);
        LoadedDataset gz = new DatasetStore(dataDir).load(tiny(TRAIN));
        assertArrayEquals(raw.train().pixels(), gz.train().pixels());
        assertArrayEquals(raw.test().pixels(), gz.test().pixels());
    }

    @Test
    void missingFileNamesItAndTheFetchCommand() {
        DatasetStore store = new DatasetStore(dataDir);
        assertEquals(List.of(mnist("train-images-idx3-ubyte"), mnist("train-labels-idx1-ubyte"),
                mnist("t10k-images-idx3-ubyte"), mnist("t10k-labels-idx1-ubyte")), store.missing(tiny(TRAIN)));
        DataException e = assertThrows(DataException.class, () -> store.load(tiny(TRAIN)));
        assertEquals(mnist("train-images-idx3-ubyte") + ": missing (nor .gz); fetch it with: " + fetch(),
                e.getMessage());
    }

    @Test
    void oneMissingFileOfFour() throws Exception {
        writeAll(false);
        Files.delete(mnist("t10k-labels-idx1-ubyte"));
        DatasetStore store = new DatasetStore(dataDir);
        assertEquals(List.of(mnist("t10k-labels-idx1-ubyte")), store.missing(tiny(TRAIN)));
        DataException e = assertThrows(DataException.class, () -> store.load(tiny(TRAIN)));
        assertEquals(mnist("t10k-labels-idx1-ubyte") + ": missing (nor .gz); fetch it with: " + fetch(),
                e.getMessage());
    }

    @Test
    void checksumMismatchNamesBothHashes() {
        writeAll(false);
        byte[] altered = trainLabels.clone();
        altered[altered.length - 1] = 3; // a valid file, one label changed
        IdxFixtures.write(mnist("train-labels-idx1-ubyte"), altered);
        DataException e = assertThrows(DataException.class, () -> new DatasetStore(dataDir).load(tiny(TRAIN)));
        assertEquals(mnist("train-labels-idx1-ubyte") + ": checksum mismatch (SHA-256 of its content is "
                + IdxFixtures.sha256(altered) + ", expected " + IdxFixtures.sha256(trainLabels)
                + "); fetch a good copy with: " + fetch(), e.getMessage());
    }

    @Test
    void theRealMnistChecksumsRejectOtherFiles() {
        writeAll(false);
        DataException e = assertThrows(DataException.class,
                () -> new DatasetStore(dataDir).load(DatasetInfo.MNIST));
        assertEquals(mnist("train-images-idx3-ubyte") + ": checksum mismatch (SHA-256 of its content is "
                + IdxFixtures.sha256(trainImages) + ", expected "
                + "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db); fetch a good copy with: "
                + fetch(), e.getMessage());
    }

    @Test
    void corruptFileSaysWhatIsWrongAndHowToFetch() {
        writeAll(false);
        byte[] truncated = java.util.Arrays.copyOf(testImages, testImages.length - 100);
        IdxFixtures.write(mnist("t10k-images-idx3-ubyte"), truncated);
        DataException e = assertThrows(DataException.class, () -> new DatasetStore(dataDir).load(tiny(TRAIN)));
        assertEquals(mnist("t10k-images-idx3-ubyte") + ": truncated: the header promises 3920 bytes of data but the "
                + "file holds 3820; fetch a good copy with: " + fetch(), e.getMessage());
    }

    @Test
    void wrongCountIsRefusedEvenWithMatchingChecksums() {
        writeAll(false);
        DataException e = assertThrows(DataException.class, () -> new DatasetStore(dataDir).load(tiny(TRAIN + 1)));
        assertEquals(mnist("train-images-idx3-ubyte") + ": unexpected shape for mnist", e.getMessage());
    }

    @Test
    void fashionMnistLivesInItsOwnDirectory() {
        DatasetStore store = new DatasetStore(dataDir);
        assertEquals(dataDir.resolve("fashion-mnist"), store.directory(DatasetInfo.FASHION_MNIST));
        assertEquals("scripts/fetch-datasets --data-dir " + dataDir + " fashion-mnist",
                store.fetchCommand(DatasetInfo.FASHION_MNIST));
    }
}
