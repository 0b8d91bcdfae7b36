package dev.runner.compare;

import dev.runner.results.MetricsCsv;
import dev.runner.results.RunLayout;
import dev.runner.results.RunRecord;
import dev.runner.results.RunStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds run folders ({@code <results>/<name>/<run-id>/}) under the given paths and reads the completed ones. A
 * folder with a {@code config.yaml}, {@code metrics.csv} or {@code run.json} is a run folder; one that has no
 * {@code run.json}, or whose {@code run.json} does not say "completed", is skipped with a note.
 */
public final class RunScanner {
    /** results/ → name/ → run-id/: deep enough for a results root, an experiment folder or a run folder. */
    private static final int DEPTH = 3;

    public record Scan(List<RunFolder> runs, List<String> skipped) {
    }

    public Scan scan(List<Path> paths) throws IOException {
        Set<Path> folders = new LinkedHashSet<>();
        for (Path p : paths) {
            try (Stream<Path> s = Files.walk(p, DEPTH)) {
                s.filter(Files::isDirectory).filter(RunScanner::looksLikeRun).sorted()
                        .forEach(d -> folders.add(d.toAbsolutePath().normalize()));
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        List<RunFolder> runs = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path dir : folders) {
            Readable readable = check(dir);
            if (readable.problem() != null) {
                skipped.add(dir + ": " + readable.problem());
                continue;
            }
            try {
                runs.add(read(dir, readable.record(), skipped));
            } catch (IOException | RuntimeException e) {
                skipped.add(dir + ": unreadable (" + (e.getMessage() == null ? e.getClass().getSimpleName()
                        : e.getMessage().lines().findFirst().orElse("")) + ")");
            }
        }
        return new Scan(runs, skipped);
    }

    static boolean looksLikeRun(Path dir) {
        return Files.isRegularFile(dir.resolve(RunLayout.RECORD)) || Files.isRegularFile(dir.resolve(RunLayout.CONFIG))
                || Files.isRegularFile(dir.resolve(RunLayout.METRICS));
    }

    /** Why a run folder cannot be compared, or null; its record when it can. */
    private static Readable check(Path dir) {
        if (!Files.isRegularFile(dir.resolve(RunLayout.RECORD))) {
            return Readable.no("no run.json (the run is unfinished or was interrupted)");
        }
        RunRecord.Stored record;
        try {
            record = RunRecord.read(dir.resolve(RunLayout.RECORD));
        } catch (RunRecord.UnreadableException e) {
            return Readable.no(e.getMessage());
        } catch (IOException e) {
            return Readable.no("run.json cannot be read (" + dev.runner.util.IoErrors.reason(e) + ")");
        }
        if (!record.is(RunStatus.COMPLETED)) {
            return Readable.no("run.json says status \"" + (record.statusText() == null ? "" : record.statusText())
                    + "\", not \"" + RunStatus.COMPLETED.json() + "\"");
        }
        if (!Files.isRegularFile(dir.resolve(RunLayout.CONFIG))) return Readable.no("no config.yaml");
        if (!Files.isRegularFile(dir.resolve(RunLayout.METRICS))) return Readable.no("no metrics.csv");
        return new Readable(record, null);
    }

    private record Readable(RunRecord.Stored record, String problem) {
        static Readable no(String why) {
            return new Readable(null, why);
        }
    }

    static RunFolder read(Path dir) throws IOException {
        return read(dir, RunRecord.read(dir.resolve(RunLayout.RECORD)), new ArrayList<>());
    }

    /** @param notes gets a note for each metrics.csv row left out as not valid */
    private static RunFolder read(Path dir, RunRecord.Stored record, List<String> notes) throws IOException {
        ConfigFlattener.Flat flat = ConfigFlattener.flatten(Files.readString(dir.resolve(RunLayout.CONFIG),
                StandardCharsets.UTF_8));
        Map<String, String> config = flat.values();
        MetricsCsv.Table metrics = MetricsCsv.read(dir.resolve(RunLayout.METRICS));
        for (String note : metrics.skipped()) notes.add(dir + ": " + note);
        List<Double> val = metrics.numbers("val_accuracy");
        List<Double> test = metrics.numbers("test_accuracy");
        String name = record.name() != null ? record.name()
                : config.getOrDefault("name", dir.getParent().getFileName().toString());
        String runId = record.runId() != null ? record.runId() : dir.getFileName().toString();
        long seed = record.seed() != null ? record.seed() : Long.parseLong(config.getOrDefault("seed", "0"));
        int epochs = record.epochsCompleted() != null ? record.epochsCompleted() : test.size();
        RunRecord.Throughput throughput = record.throughput();
        Integer checkpointEpoch = record.checkpoint() == null ? null : record.checkpoint().bestEpoch();
        return new RunFolder(dir, name, runId, seed, flat, record.parameters(), epochs, val, test,
                throughput.trainSeconds(), throughput.trainImagesPerSecond(), checkpointEpoch);
    }
}
