package dev.runner.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
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
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Finds run folders ({@code <results>/<name>/<run-id>/}) under the given paths and reads the completed ones. A
 * folder with a {@code config.yaml}, {@code metrics.csv} or {@code run.json} is a run folder; one that has no
 * {@code run.json}, or whose {@code run.json} does not say "completed", is skipped with a note.
 */
public final class RunScanner {
    static final String CONFIG = "config.yaml";
    static final String METRICS = "metrics.csv";
    static final String RECORD = "run.json";
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
            String why = problem(dir);
            if (why != null) {
                skipped.add(dir + ": " + why);
                continue;
            }
            try {
                runs.add(read(dir));
            } catch (IOException | RuntimeException e) {
                skipped.add(dir + ": unreadable (" + (e.getMessage() == null ? e.getClass().getSimpleName()
                        : e.getMessage().lines().findFirst().orElse("")) + ")");
            }
        }
        return new Scan(runs, skipped);
    }

    static boolean looksLikeRun(Path dir) {
        return Files.isRegularFile(dir.resolve(RECORD)) || Files.isRegularFile(dir.resolve(CONFIG))
                || Files.isRegularFile(dir.resolve(METRICS));
    }

    /** Why a run folder cannot be compared, or null. */
    private static String problem(Path dir) {
        if (!Files.isRegularFile(dir.resolve(RECORD))) return "no run.json (the run is unfinished or was interrupted)";
        String status;
        try {
            JsonNode s = new ObjectMapper().readTree(dir.resolve(RECORD).toFile()).get("status");
            status = s == null ? "" : s.asText();
        } catch (IOException e) {
            return "run.json is not readable JSON";
        }
        if (!"completed".equals(status)) return "run.json says status \"" + status + "\", not \"completed\"";
        if (!Files.isRegularFile(dir.resolve(CONFIG))) return "no config.yaml";
        if (!Files.isRegularFile(dir.resolve(METRICS))) return "no metrics.csv";
        return null;
    }

    static RunFolder read(Path dir) throws IOException {
        JsonNode record = new ObjectMapper().readTree(dir.resolve(RECORD).toFile());
        ConfigFlattener.Flat flat = ConfigFlattener.flatten(Files.readString(dir.resolve(CONFIG),
                StandardCharsets.UTF_8));
        Map<String, String> config = flat.values();
        List<Double> val = new ArrayList<>();
        List<Double> test = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(dir.resolve(METRICS), StandardCharsets.UTF_8)) {
            for (CSVRecord row : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
                val.add(number(row.get("val_accuracy")));
                test.add(number(row.get("test_accuracy")));
            }
        }
        JsonNode throughput = record.path("throughput");
        String name = text(record, "name", config.getOrDefault("name", dir.getParent().getFileName().toString()));
        String runId = text(record, "run_id", dir.getFileName().toString());
        long seed = record.has("seed") ? record.get("seed").asLong() : Long.parseLong(config.getOrDefault("seed", "0"));
        Long parameters = record.hasNonNull("parameters") ? record.get("parameters").asLong() : null;
        int epochs = record.hasNonNull("epochs_completed") ? record.get("epochs_completed").asInt() : test.size();
        return new RunFolder(dir, name, runId, seed, flat, parameters, epochs, List.copyOf(val), List.copyOf(test),
                nullable(throughput, "train_seconds"), nullable(throughput, "train_images_per_second"),
                record.path("checkpoint").hasNonNull("best_epoch") ? record.path("checkpoint").get("best_epoch").asInt()
                        : null);
    }

    private static String text(JsonNode node, String key, String fallback) {
        return node.hasNonNull(key) ? node.get(key).asText() : fallback;
    }

    private static Double nullable(JsonNode node, String key) {
        return node.hasNonNull(key) ? node.get(key).asDouble() : null;
    }

    private static double number(String s) {
        return s == null || s.isBlank() ? Double.NaN : Double.parseDouble(s);
    }
}
