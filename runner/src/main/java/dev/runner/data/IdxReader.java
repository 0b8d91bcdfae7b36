package dev.runner.data;

import dev.runner.util.IoErrors;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (the MNIST format: a big-endian header of magic, type and dimensions, then unsigned bytes), raw
 * or gzipped, and hashes the uncompressed bytes in the same pass. Every way a file can be wrong is reported with
 * the file's name; nothing partial is ever returned.
 */
public final class IdxReader {
    private static final int UNSIGNED_BYTE = 0x08;
    /** Larger than any image set the runner reads; guards against a corrupt header asking for gigabytes. */
    private static final long MAX_ELEMENTS = 200_000_000L;

    /** Dimensions (count first) and the raw unsigned bytes, with the SHA-256 of the uncompressed file. */
    public record IdxData(int[] dims, byte[] data, String sha256) {
        public int count() {
            return dims[0];
        }
    }

    public IdxData read(Path file) throws DataException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            boolean gzip = b0 == 0x1f && b1 == 0x8b;
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            InputStream content = gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
            try (DataInputStream in = new DataInputStream(new DigestInputStream(content, digest))) {
                return parse(file, in, digest);
            }
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        } catch (ZipException | EOFException e) {
            throw new DataException(file + ": corrupt or truncated gzip data (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read: " + IoErrors.reason(e));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static IdxData parse(Path file, DataInputStream in, MessageDigest digest) throws IOException,
            DataException {
        byte[] header = new byte[4];
        int got = in.readNBytes(header, 0, 4);
        if (got < 4) {
            throw new DataException(file + ": too short for an IDX header (" + got + " bytes)");
        }
        if (header[0] != 0 || header[1] != 0) {
            throw new DataException(file + ": not an IDX file (bad magic number " + HexFormat.of().formatHex(header)
                    + "; expected 0000080N)");
        }
        if ((header[2] & 0xff) != UNSIGNED_BYTE) {
            throw new DataException(file + ": IDX element type 0x" + HexFormat.of().toHexDigits(header[2])
                    + " is not supported; expected unsigned bytes (0x08)");
        }
        int rank = header[3] & 0xff;
        if (rank < 1 || rank > 3) {
            throw new DataException(file + ": IDX header has " + rank + " dimensions; expected 1 (labels) or 3 "
                    + "(images)");
        }
        int[] dims = new int[rank];
        // Exact: three dimensions up to 2^31 multiply to 2^93, which a long would wrap into a small or negative
        // count (read as a valid file of a few bytes, or failing with IllegalArgumentException).
        BigInteger elements = BigInteger.ONE;
        for (int i = 0; i < rank; i++) {
            byte[] d = in.readNBytes(4);
            if (d.length < 4) {
                throw new DataException(file + ": truncated IDX header");
            }
            dims[i] = ((d[0] & 0xff) << 24) | ((d[1] & 0xff) << 16) | ((d[2] & 0xff) << 8) | (d[3] & 0xff);
            if (dims[i] <= 0) {
                throw new DataException(file + ": IDX dimension " + i + " is " + dims[i] + "; must be positive");
            }
            elements = elements.multiply(BigInteger.valueOf(dims[i]));
        }
        if (elements.compareTo(BigInteger.valueOf(MAX_ELEMENTS)) > 0) {
            throw new DataException(file + ": IDX header claims " + elements + " bytes of data, more than any "
                    + "supported dataset");
        }
        int size = elements.intValueExact(); // at most MAX_ELEMENTS
        byte[] data = in.readNBytes(size);
        if (data.length < size) {
            throw new DataException(file + ": truncated: the header promises " + size + " bytes of data but "
                    + "the file holds " + data.length);
        }
        long extra = in.skip(Long.MAX_VALUE);
        while (in.read() >= 0) {
            extra++;
        }
        if (extra > 0) {
            throw new DataException(file + ": " + extra + " bytes after the data its header describes");
        }
        return new IdxData(dims, data, HexFormat.of().formatHex(digest.digest()));
    }
}
