package dev.runner.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runner.util.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Asynchronous successive halving (ASHA, Li et al. 2020) over a sweep folder. Rungs are at
 * {@code min_epochs × reduction_factor^k} epochs, below a point's total epochs. A point that reaches a rung appends
 * its {@code rank_by} value to {@code rungs.csv} in the sweep folder and, under the same file lock, reads what every
 * point that reached that rung before it wrote: it goes on only if it is within the top {@code 1/reduction_factor}
 * of them. As in Optuna's SuccessiveHalvingPruner, which cannot pause a point either, while fewer than
 * {@code reduction_factor} points have reached the rung only the best so far goes on. The decisions come from the
 * folder, not from one process's memory, so points trained by separate JVMs (local workers, a cluster sharing the
 * folder) prune each other; they depend on the order points reach the rungs.
 */
public record SuccessiveHalving(int minEpochs, int reductionFactor, String rankBy) {
    public static final String SETTINGS = "prune.json";
    public static final String RUNGS = "rungs.csv";

    /** One line of {@code rungs.csv}: a point's value at a rung. */
    public record Entry(int epoch, String pointId, double value) {
    }

    /** The rung epochs below {@code epochs}: min, min·η, min·η², ... */
    public List<Integer> rungs(int epochs) {
        List<Integer> rungs = new ArrayList<>();
        for (long r = minEpochs; r < epochs; r *= reductionFactor) rungs.add((int) r);
        return rungs;
    }

    /**
     * The epochs a point of {@code epochs} trains on average when a fraction {@code 1/η} goes on at each rung: the
     * first rung, then each later stretch weighted by the share that reaches it. For the dry run's estimate.
     */
    public double expectedEpochs(int epochs) {
        double expected = 0;
        double share = 1;
        int from = 0;
        for (int rung : rungs(epochs)) {
            expected += share * (rung - from);
            share /= reductionFactor;
            from = rung;
        }
        return expected + share * (epochs - from);
    }

    /**
     * Whether the point {@code id}, whose {@code value} is among {@code entries} of its rung (its own included), goes
     * on: its value is at least as good as the k-th best, k = max(1, ⌊n/η⌋). A NaN value ranks last.
     */
    public boolean keeps(String id, double value, List<Entry> rung) {
        Map<String, Double> latest = new LinkedHashMap<>();
        for (Entry e : rung) latest.put(e.pointId(), e.value()); // a rerun point's later line wins
        latest.put(id, value);
        Comparator<Double> better = Comparator.comparingDouble(v -> Double.isNaN(v) ? Double.POSITIVE_INFINITY
                : lowerIsBetter() ? v : -v);
        List<Double> sorted = latest.values().stream().sorted(better).toList();
        int k = Math.max(1, sorted.size() / reductionFactor);
        return !Double.isNaN(value) && better.compare(value, sorted.get(k - 1)) <= 0;
    }

    private boolean lowerIsBetter() {
        return rankBy.endsWith("_loss");
    }

    /**
     * Records {@code value} of point {@code id} at rung {@code epoch} in {@code sweepDir}'s rungs file and decides,
     * under an exclusive lock on that file so that two points reaching a rung at once see each other in some order.
     */
    public boolean reach(Path sweepDir, String id, int epoch, double value) throws IOException {
        try (FileChannel ch = FileChannel.open(sweepDir.resolve(RUNGS), StandardOpenOption.CREATE,
                StandardOpenOption.READ, StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
            ByteBuffer all = ByteBuffer.allocate((int) ch.size());
            long at = 0;
            while (all.hasRemaining()) {
                int n = ch.read(all, at);
                if (n < 0) break;
                at += n;
            }
            List<Entry> rung = new ArrayList<>();
            for (Entry e : parse(new String(all.array(), StandardCharsets.UTF_8))) {
                if (e.epoch() == epoch) rung.add(e);
            }
            boolean keep = keeps(id, value, rung);
            // A torn last line (its writer was killed) is dropped, so the new line starts whole.
            long whole = all.position();
            while (whole > 0 && all.get((int) whole - 1) != '\n') whole--;
            ch.truncate(whole);
            String line = String.format(Locale.ROOT, "%d,%s,%s\n", epoch, id, Double.toString(value));
            ch.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)), whole);
            ch.force(true);
            return keep;
        }
    }

    /** The whole lines of a rungs file; a torn last line (a writer killed mid-write) is skipped. */
    static List<Entry> parse(String text) {
        List<Entry> entries = new ArrayList<>();
        int end = text.lastIndexOf('\n');
        for (String line : text.substring(0, end + 1).split("\n")) {
            String[] f = line.trim().split(",");
            if (f.length != 3) continue;
            try {
                entries.add(new Entry(Integer.parseInt(f[0]), f[1], Double.parseDouble(f[2])));
            } catch (NumberFormatException ignored) {
                // not a whole line
            }
        }
        return entries;
    }

    /** Writes the settings a point's process reads ({@link #SETTINGS} in the sweep folder), or removes them. */
    public static void writeSettings(Path sweepDir, SuccessiveHalving prune) throws IOException {
        Path file = sweepDir.resolve(SETTINGS);
        if (prune == null) {
            Files.deleteIfExists(file);
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("min_epochs", prune.minEpochs());
        m.put("reduction_factor", prune.reductionFactor());
        m.put("rank_by", prune.rankBy());
        AtomicFiles.write(file, f -> new ObjectMapper().writeValue(f.toFile(), m));
    }

    /** The settings in {@code sweepDir}, or null when the sweep does not prune. */
    public static SuccessiveHalving readSettings(Path sweepDir) throws IOException {
        Path file = sweepDir.resolve(SETTINGS);
        if (!Files.isRegularFile(file)) return null;
        JsonNode n = new ObjectMapper().readTree(file.toFile());
        return new SuccessiveHalving(n.path("min_epochs").asInt(), n.path("reduction_factor").asInt(),
                n.path("rank_by").asText("val_accuracy"));
    }
}
