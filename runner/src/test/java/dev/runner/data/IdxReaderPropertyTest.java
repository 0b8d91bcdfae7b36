package dev.runner.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Properties of {@link IdxReader} under mutated input: for IDX files, raw and gzipped, with bytes flipped, cut off,
 * appended or header fields replaced, the reader either returns exactly what the bytes say (checked against a
 * reference parse written here, with exact arithmetic) or throws its DataException naming the file; never another
 * exception, never more than a few seconds, never memory out of proportion to the file (a header claiming 10^12
 * values must not allocate them).
 *
 * <p>Generated from fixed seeds, so every run tries the same cases and a failure names the seed and the sample that
 * reproduce it; samples that found bugs are kept in src/test/resources/data/idx/ and read by {@link IdxReaderTest}.
 */
class IdxReaderPropertyTest {
    private static final int TRIES = 200;
    private static final Duration PER_READ = Duration.ofSeconds(5);
    /** Bytes the reader may allocate beyond a multiple of what it reads: its buffers, the digest, the exception. */
    private static final long ALLOCATION_SLACK = 16L << 20;

    private static ExecutorService worker;

    @TempDir
    Path dir;

    @BeforeAll
    static void startWorker() {
        assertTrue(((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .isThreadAllocatedMemorySupported(), "this JVM cannot measure what a thread allocates");
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "idx-property-read");
            t.setDaemon(true); // a read that hangs must not keep the test JVM alive
            return t;
        });
    }

    @AfterAll
    static void stopWorker() {
        worker.shutdownNow();
    }

    /** What a read gave: a value or the reader's exception, and the bytes the reading thread allocated. */
    private record Outcome(IdxReader.IdxData value, Throwable error, long allocated) {
    }

    private Outcome read(Path file, String sample) throws InterruptedException {
        Future<Outcome> f = worker.submit(() -> {
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)
                    ManagementFactory.getThreadMXBean();
            long tid = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(tid);
            IdxReader.IdxData value = null;
            Throwable error = null;
            try {
                value = new IdxReader().read(file);
            } catch (Throwable e) {
                error = e;
            }
            return new Outcome(value, error, threads.getThreadAllocatedBytes(tid) - before);
        });
        try {
            return f.get(PER_READ.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            startWorker(); // the stuck thread is abandoned; later tries get a fresh one
            throw new AssertionError("reading took more than " + PER_READ.toSeconds() + "s: " + sample);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
    }

    /** The reference: what the (uncompressed) bytes of an IDX file of unsigned bytes hold, or null if invalid. */
    private record Expected(int[] dims, byte[] data) {
    }

    private static Expected parse(byte[] content) {
        if (content.length < 4 || content[0] != 0 || content[1] != 0 || content[2] != 0x08) return null;
        int rank = content[3] & 0xff;
        if (rank < 1 || rank > 3) return null; // DatasetStore checks which rank each file must have
        int header = 4 + 4 * rank;
        if (content.length < header) return null;
        ByteBuffer b = ByteBuffer.wrap(content, 4, 4 * rank);
        int[] dims = new int[rank];
        BigInteger elements = BigInteger.ONE;
        for (int i = 0; i < rank; i++) {
            dims[i] = b.getInt();
            if (dims[i] <= 0) return null;
            elements = elements.multiply(BigInteger.valueOf(dims[i]));
        }
        if (!elements.equals(BigInteger.valueOf(content.length - header))) return null;
        return new Expected(dims, Arrays.copyOfRange(content, header, content.length));
    }

    /** The uncompressed content as the reader sees it (gzip recognised by its magic), or null if it cannot be. */
    private static byte[] content(byte[] file) {
        if (file.length < 2 || (file[0] & 0xff) != 0x1f || (file[1] & 0xff) != 0x8b) return file;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(file))) {
            return in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }

    /** A valid file: labels (rank 1) or images (rank 3), small, random contents. */
    private static byte[] validFile(SplittableRandom r) {
        int[] dims = r.nextBoolean() ? new int[]{1 + r.nextInt(64)}
                : new int[]{1 + r.nextInt(8), 1 + r.nextInt(28), 1 + r.nextInt(28)};
        int n = Arrays.stream(dims).reduce(1, (a, b) -> a * b);
        byte[] data = new byte[n];
        for (int i = 0; i < n; i++) data[i] = (byte) r.nextInt(256);
        return IdxFixtures.idx(dims, data);
    }

    /** An int as a careless or hostile writer would put it in a header: edges, powers of two, or anything. */
    private static int headerInt(SplittableRandom r) {
        return switch (r.nextInt(6)) {
            case 0 -> new int[]{0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 255, 256, 65536}[r.nextInt(8)];
            case 1 -> 1 << r.nextInt(31);
            case 2 -> (1 << r.nextInt(31)) + r.nextInt(3) - 1;
            case 3 -> r.nextInt(1, Integer.MAX_VALUE);
            case 4 -> r.nextInt(1, 100_000);
            default -> r.nextInt();
        };
    }

    /** One mutation: a flipped byte, a cut, bytes appended, or a header field replaced. */
    private static byte[] mutate(byte[] f, SplittableRandom r, StringBuilder how) {
        switch (r.nextInt(5)) {
            case 0 -> {
                if (f.length == 0) return f;
                byte[] g = f.clone();
                int at = r.nextInt(Math.min(g.length, r.nextBoolean() ? 24 : g.length));
                int mask = 1 + r.nextInt(255);
                g[at] ^= (byte) mask;
                how.append(" flip@").append(at).append('^').append(mask);
                return g;
            }
            case 1 -> {
                int keep = f.length == 0 ? 0 : r.nextInt(f.length);
                how.append(" cut@").append(keep);
                return Arrays.copyOf(f, keep);
            }
            case 2 -> {
                int extra = 1 + r.nextInt(r.nextBoolean() ? 4 : 512);
                byte[] g = Arrays.copyOf(f, f.length + extra);
                for (int i = f.length; i < g.length; i++) g[i] = (byte) r.nextInt(256);
                how.append(" append").append(extra);
                return g;
            }
            case 3 -> {
                if (f.length < 8) return f;
                byte[] g = f.clone();
                int field = r.nextInt(Math.min(3, (g.length - 4) / 4)) * 4 + 4; // a dimension
                int v = headerInt(r);
                ByteBuffer.wrap(g).putInt(field, v);
                how.append(" dim@").append(field).append('=').append(v);
                return g;
            }
            default -> {
                if (f.length < 4) return f;
                byte[] g = f.clone();
                int at = r.nextInt(4); // magic, type or rank
                int v = r.nextBoolean() ? r.nextInt(256) : new int[]{0, 1, 3, 4, 8, 0x0d, 0xff}[r.nextInt(7)];
                g[at] = (byte) v;
                how.append(" header@").append(at).append('=').append(v);
                return g;
            }
        }
    }

    /** Checks one sample; whether it was read as a value (so a property can show it tried both kinds). */
    private boolean check(byte[] file, String sample) throws Exception {
        Path path = IdxFixtures.write(dir.resolve("sample"), file);
        Outcome o = read(path, sample);
        byte[] content = content(file);
        Expected expected = content == null ? null : parse(content);
        if (o.error() != null) {
            if (!(o.error() instanceof DataException)) {
                throw new AssertionError("not a DataException: " + sample, o.error());
            }
            assertTrue(o.error().getMessage().startsWith(path + ": "), "names the file: " + o.error().getMessage());
            if (expected != null && content.length < 100_000_000) {
                fail("valid content refused (" + o.error().getMessage() + "): " + sample);
            }
        } else {
            if (expected == null) fail("invalid content read as " + Arrays.toString(o.value().dims()) + ": " + sample);
            assertArrayEquals(expected.dims(), o.value().dims(), sample);
            assertArrayEquals(expected.data(), o.value().data(), sample);
            assertEquals(IdxFixtures.sha256(content), o.value().sha256(), sample);
        }
        long read = Math.max(file.length, content == null ? 0 : content.length);
        assertTrue(o.allocated() > 0 && o.allocated() <= ALLOCATION_SLACK + 8 * read, "allocated " + o.allocated()
                + " bytes for a " + file.length + "-byte file: " + sample);
        return o.error() == null;
    }

    private static String sample(long seed, int attempt, String how, byte[] file) {
        return "seed " + seed + " try " + attempt + how + " file " + (file.length <= 96
                ? HexFormat.of().formatHex(file) : HexFormat.of().formatHex(file, 0, 96) + "... (" + file.length
                + " bytes)");
    }

    @Test
    void mutatedRawFilesGiveTheirContentsOrADataException() throws Exception {
        long seed = 0x1D5EED01L;
        int read = 0;
        for (int i = 0; i < TRIES; i++) {
            SplittableRandom r = new SplittableRandom(seed + i);
            byte[] file = validFile(r);
            StringBuilder how = new StringBuilder();
            int mutations = 1 + r.nextInt(3);
            for (int m = 0; m < mutations; m++) file = mutate(file, r, how);
            if (check(file, sample(seed, i, how.toString(), file))) read++;
        }
        assertTrue(read > 0 && read < TRIES, read + " of " + TRIES + " read as values: the mutations must give both");
    }

    @Test
    void mutatedGzipFilesGiveTheirContentsOrADataException() throws Exception {
        long seed = 0x1D5EED02L;
        int read = 0;
        for (int i = 0; i < TRIES; i++) {
            SplittableRandom r = new SplittableRandom(seed + i);
            byte[] raw = validFile(r);
            StringBuilder how = new StringBuilder();
            // mutate the content before compressing (a valid gzip of a bad IDX), the gzip bytes, or both
            int where = r.nextInt(3);
            if (where != 1) raw = mutate(raw, r, how.append(" content:"));
            byte[] file = IdxFixtures.gzip(raw);
            if (where != 0) {
                how.append(" gzip:");
                int mutations = 1 + r.nextInt(2);
                for (int m = 0; m < mutations; m++) file = mutate(file, r, how);
            }
            if (check(file, sample(seed, i, how.toString(), file))) read++;
        }
        assertTrue(read > 0 && read < TRIES, read + " of " + TRIES + " read as values: the mutations must give both");
    }

    /** Headers claiming vast sizes (up to 2^93 values) over a few bytes of data: refused, nothing allocated. */
    @Test
    void headersClaimingHugeSizesAreRefusedWithoutAllocatingThem() throws Exception {
        long seed = 0x1D5EED03L;
        for (int i = 0; i < TRIES; i++) {
            SplittableRandom r = new SplittableRandom(seed + i);
            int[] dims = r.nextBoolean()
                    ? new int[]{Math.abs(headerInt(r)) | 1 << 30}
                    : new int[]{headerInt(r), headerInt(r), headerInt(r)};
            byte[] data = new byte[r.nextInt(64)];
            byte[] file = IdxFixtures.idx(dims, data);
            boolean gzip = r.nextBoolean();
            if (gzip) file = IdxFixtures.gzip(file);
            assertTrue(!check(file, sample(seed, i, (gzip ? " gzip" : "") + " dims " + Arrays.toString(dims), file)));
        }
    }
}
