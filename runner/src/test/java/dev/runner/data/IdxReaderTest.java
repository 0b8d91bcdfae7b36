package dev.runner.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdxReaderTest {
    @TempDir
    Path dir;

    private final IdxReader reader = new IdxReader();

    @Test
    void readsRawImages() throws Exception {
        byte[] data = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, (byte) 128, (byte) 200, (byte) 254, (byte) 255, 0, 0};
        byte[] file = IdxFixtures.idx(new int[]{3, 2, 3}, data);
        IdxReader.IdxData idx = reader.read(IdxFixtures.write(dir.resolve("images"), file));
        assertArrayEquals(new int[]{3, 2, 3}, idx.dims());
        assertEquals(3, idx.count());
        assertArrayEquals(data, idx.data());
        assertEquals(IdxFixtures.sha256(file), idx.sha256());
    }

    @Test
    void gzipGivesTheSameContentAndTheSameChecksum() throws Exception {
        // 1,000 images: more than one 64 KiB buffer of the reader, compressed and not.
        byte[] file = IdxFixtures.idx(new int[]{1000, 28, 28}, IdxFixtures.imageBytes(1000));
        IdxReader.IdxData raw = reader.read(IdxFixtures.write(dir.resolve("raw"), file));
        IdxReader.IdxData gz = reader.read(IdxFixtures.write(dir.resolve("images.gz"), IdxFixtures.gzip(file)));
        assertArrayEquals(new int[]{1000, 28, 28}, gz.dims());
        assertArrayEquals(raw.data(), gz.data());
        // The checksum is of the uncompressed bytes, so it holds whichever way the file arrived.
        assertEquals(IdxFixtures.sha256(file), gz.sha256());
        assertEquals(raw.sha256(), gz.sha256());
    }

    @Test
    void gzipIsRecognisedByContentNotName() throws Exception {
        byte[] file = IdxFixtures.idx(new int[]{4}, new byte[]{3, 1, 4, 1});
        IdxReader.IdxData idx = reader.read(IdxFixtures.write(dir.resolve("labels-no-suffix"),
                IdxFixtures.gzip(file)));
        assertArrayEquals(new byte[]{3, 1, 4, 1}, idx.data());
    }

    @Test
    void readsLabels() throws Exception {
        byte[] file = IdxFixtures.idx(new int[]{5}, new byte[]{7, 2, 1, 0, 9});
        IdxReader.IdxData idx = reader.read(IdxFixtures.write(dir.resolve("labels"), file));
        assertArrayEquals(new int[]{5}, idx.dims());
        assertArrayEquals(new byte[]{7, 2, 1, 0, 9}, idx.data());
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("nowhere-idx3-ubyte");
        DataException e = assertThrows(DataException.class, () -> reader.read(file));
        assertEquals(file + ": no such file", e.getMessage());
    }

    /**
     * Each fixture in src/test/resources/data/idx/ is named for the way it is broken. The dimensions-overflow ones
     * were found by IdxReaderPropertyTest: a product of dimensions that wrapped around a long was read as a small
     * valid file (dims claiming 9.7e18 values over 20 bytes) or failed with IllegalArgumentException.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            empty.idx             | too short for an IDX header (0 bytes)
            short-header.idx      | too short for an IDX header (3 bytes)
            bad-magic.idx         | not an IDX file (bad magic number 12340801; expected 0000080N)
            wrong-type.idx        | IDX element type 0x0d is not supported; expected unsigned bytes (0x08)
            wrong-rank.idx        | IDX header has 4 dimensions; expected 1 (labels) or 3 (images)
            zero-rank.idx         | IDX header has 0 dimensions; expected 1 (labels) or 3 (images)
            truncated-header.idx  | truncated IDX header
            zero-dimension.idx    | IDX dimension 1 is 0; must be positive
            huge-header.idx       | IDX header claims 784000000 bytes of data, more than any supported dataset
            truncated-data.idx    | truncated: the header promises 48 bytes of data but the file holds 20
            trailing-bytes.idx    | 3 bytes after the data its header describes
            corrupt-gzip.idx.gz   | corrupt or truncated gzip data (invalid block type)
            truncated-gzip.idx.gz | corrupt or truncated gzip data (Unexpected end of ZLIB input stream)
            bad-crc.idx.gz        | corrupt or truncated gzip data (Corrupt GZIP trailer)
            dimensions-overflow-read-as-valid.idx     | IDX header claims 9703648463203861364 bytes of data, more than any supported dataset
            dimensions-overflow-negative-length.idx.gz | IDX header claims 5182678955652537424239 bytes of data, more than any supported dataset
            """)
    void brokenFilesAreNamedWithWhatIsWrong(String fixture, String problem) throws Exception {
        Path file = fixture(fixture);
        DataException e = assertThrows(DataException.class, () -> reader.read(file));
        assertEquals(file + ": " + problem, e.getMessage());
    }

    private static Path fixture(String name) throws URISyntaxException {
        URL url = IdxReaderTest.class.getResource("/data/idx/" + name);
        if (url == null) throw new IllegalArgumentException("no fixture " + name);
        return Path.of(url.toURI());
    }
}
