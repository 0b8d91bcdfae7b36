package dev.runner.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.runner.config.CheckpointSpec;
import dev.runner.config.EarlyStoppingSpec;
import dev.runner.config.EvaluationSetSpec;
import dev.runner.train.BackendInfo;
import dev.runner.train.EpochMetrics;
import dev.runner.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code run.json}: the provenance of one run, enough to understand it and to repeat it (the resolved config's hash,
 * the seed, the backend and native build, the versions, the commit) and what it gave (final metrics, throughput, the
 * hash of the trained parameters). Keys are snake_case and sealed by a golden-file test. With {@code checkpoint:}
 * it names the best epoch, its value of the monitor and all its metrics, test included: the best model's test figures
 * beside the final model's. With {@code early_stopping:} it says whether and when training stopped early. A resumed
 * run's record says so ({@code resumed}, {@code resumed_from_epoch}: the last completed epoch it went on from); the
 * keys are absent otherwise.
 * <p>
 * This class owns the format both ways: {@link #write} and {@link FailedBeforeTraining#write} write it,
 * {@link #read} reads it back for resume, {@code compare} and the leaderboard as a {@link Stored}. Files written
 * before {@code format_version} existed are version 1 and read the same way.
 */
public record RunRecord(String name, String runId, String description, String configSha256, long seed,
                        List<String> overrides, String dataset, Map<String, Integer> examples, long parameters,
                        BackendInfo backend, String runnerVersion, String gitCommit, ZonedDateTime startedAt,
                        ZonedDateTime endedAt, Double secondsToFirstBatch, RunStatus status, String error,
                        List<EpochMetrics> epochs, String paramsSha256, Map<String, String> files,
                        List<String> layerHelpers, CheckpointSpec checkpoint, EpochMetrics best,
                        EarlyStoppingSpec earlyStopping, Integer stoppedEarlyAt, Execution execution,
                        Integer resumedFromEpoch) {

    /** What {@link #write} writes. 1: the files before the key existed; 2: adds {@code format_version}. */
    public static final int FORMAT_VERSION = 2;

    static final String FORMAT_VERSION_KEY = "format_version";
    static final String NAME = "name";
    static final String RUN_ID = "run_id";
    static final String DESCRIPTION = "description";
    static final String STATUS = "status";
    static final String ERROR = "error";
    static final String CONFIG_SHA256 = "config_sha256";
    static final String SEED = "seed";
    static final String OVERRIDES = "overrides";
    static final String DATASET = "dataset";
    static final String EXAMPLES = "examples";
    static final String PARAMETERS = "parameters";
    static final String BACKEND = "backend";
    static final String LAYER_HELPERS = "layer_helpers";
    static final String VERSIONS = "versions";
    static final String GIT_COMMIT = "git_commit";
    static final String EXECUTION = "execution";
    static final String STARTED_AT = "started_at";
    static final String ENDED_AT = "ended_at";
    static final String DURATION_SECONDS = "duration_seconds";
    static final String SECONDS_TO_FIRST_BATCH = "seconds_to_first_batch";
    static final String RESUMED = "resumed";
    static final String RESUMED_FROM_EPOCH = "resumed_from_epoch";
    static final String EPOCHS_COMPLETED = "epochs_completed";
    static final String PRUNED_AFTER_EPOCH = "pruned_after_epoch";
    static final String FINAL_METRICS = "final_metrics";
    static final String CHECKPOINT = "checkpoint";
    static final String MONITOR = "monitor";
    static final String MODE = "mode";
    static final String BEST_EPOCH = "best_epoch";
    static final String BEST_VALUE = "best_value";
    static final String BEST_METRICS = "best_metrics";
    static final String FILE = "file";
    static final String EARLY_STOPPING = "early_stopping";
    static final String PATIENCE = "patience";
    static final String MIN_DELTA = "min_delta";
    static final String STOPPED_EARLY = "stopped_early";
    static final String STOPPED_AFTER_EPOCH = "stopped_after_epoch";
    static final String THROUGHPUT = "throughput";
    static final String TRAIN_IMAGES_PER_SECOND = "train_images_per_second";
    static final String STEADY_TRAIN_IMAGES_PER_SECOND = "steady_train_images_per_second";
    static final String TRAIN_SECONDS = "train_seconds";
    static final String EVAL_IMAGES_PER_SECOND = "eval_images_per_second";
    static final String PARAMS_SHA256 = "params_sha256";
    static final String FILES = "files";
    // Keys of backend written by BackendInfo and NativeKernels, read back into StoredKernels.
    static final String CPU_MODEL = "cpu_model";
    static final String CPU_VECTOR_EXTENSIONS = "cpu_vector_extensions";
    static final String OPENBLAS_CORE = "openblas_core";
    static final String OPENBLAS_CORETYPE = "openblas_coretype";
    static final String DNNL_MAX_CPU_ISA = "dnnl_max_cpu_isa";
    static final String ONEDNN_ISA = "onednn_isa";
    static final String OMP_NUM_THREADS = "omp_num_threads";

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(FORMAT_VERSION_KEY, FORMAT_VERSION);
        m.put(NAME, name);
        m.put(RUN_ID, runId);
        m.put(DESCRIPTION, description);
        m.put(STATUS, status.json());
        if (error != null) m.put(ERROR, error);
        m.put(CONFIG_SHA256, configSha256);
        m.put(SEED, seed);
        m.put(OVERRIDES, overrides);
        m.put(DATASET, dataset);
        m.put(EXAMPLES, examples);
        m.put(PARAMETERS, parameters);
        Map<String, Object> b = new LinkedHashMap<>(backend.asMap());
        b.put(LAYER_HELPERS, layerHelpers);
        m.put(BACKEND, b);
        Map<String, Object> versions = new LinkedHashMap<>();
        versions.put("runner", runnerVersion);
        versions.put("java", backend.javaVersion());
        versions.put("dl4j", backend.dl4jVersion());
        versions.put("nd4j", backend.dl4jVersion());
        m.put(VERSIONS, versions);
        m.put(GIT_COMMIT, gitCommit);
        // Absent from records written before it: where the JVM ran (local, or which Slurm task on which node).
        if (execution != null) m.put(EXECUTION, execution.toMap());
        m.put(STARTED_AT, startedAt.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        m.put(ENDED_AT, endedAt.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        m.put(DURATION_SECONDS, Duration.between(startedAt, endedAt).toMillis() / 1000.0);
        m.put(SECONDS_TO_FIRST_BATCH, secondsToFirstBatch);
        // Only in the record of a resumed run, so that every other run.json reads as before.
        if (resumedFromEpoch != null) {
            m.put(RESUMED, true);
            m.put(RESUMED_FROM_EPOCH, resumedFromEpoch);
        }
        m.put(EPOCHS_COMPLETED, epochs.size());
        if (status == RunStatus.PRUNED) m.put(PRUNED_AFTER_EPOCH, epochs.size());
        if (!epochs.isEmpty()) {
            m.put(FINAL_METRICS, metrics(epochs.get(epochs.size() - 1)));
            if (checkpoint != null && best != null) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put(MONITOR, checkpoint.monitor());
                c.put(MODE, checkpoint.mode().yamlName());
                c.put(BEST_EPOCH, best.epoch());
                c.put(BEST_VALUE, nullIfNaN(best.value(checkpoint.monitor())));
                c.put(BEST_METRICS, metrics(best));
                c.put(FILE, files.get("best_model"));
                m.put(CHECKPOINT, c);
            }
            if (earlyStopping != null) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put(MONITOR, earlyStopping.monitor());
                e.put(MODE, earlyStopping.mode().yamlName());
                e.put(PATIENCE, earlyStopping.patience());
                e.put(MIN_DELTA, earlyStopping.minDelta());
                e.put(STOPPED_EARLY, stoppedEarlyAt != null);
                e.put(STOPPED_AFTER_EPOCH, stoppedEarlyAt);
                m.put(EARLY_STOPPING, e);
            }
            m.put(THROUGHPUT, throughput(epochs).toMap());
        }
        m.put(PARAMS_SHA256, paramsSha256);
        m.put(FILES, files);
        return m;
    }

    /** An epoch's metrics by metrics.csv column, extra evaluation sets included; null for what was not measured. */
    static Map<String, Object> metrics(EpochMetrics e) {
        Map<String, Object> fin = new LinkedHashMap<>();
        fin.put("train_loss", e.trainLoss());
        fin.put("train_accuracy", e.trainAccuracy());
        fin.put("val_loss", nullIfNaN(e.valLoss()));
        fin.put("val_accuracy", nullIfNaN(e.valAccuracy()));
        fin.put("test_loss", e.testLoss());
        fin.put("test_accuracy", e.testAccuracy());
        for (EpochMetrics.SetMetrics set : e.extra()) {
            fin.put(EvaluationSetSpec.lossColumn(set.name()), set.loss());
            fin.put(EvaluationSetSpec.accuracyColumn(set.name()), set.accuracy());
        }
        return fin;
    }

    private static Double nullIfNaN(double v) {
        return Double.isNaN(v) ? null : v;
    }

    /**
     * Training and evaluation images per second. Every figure may be missing from a file: a run that failed before
     * its first epoch has none, an older one lacks the steady rate.
     *
     * @param steadyTrainImagesPerSecond the epochs after the first, which pays for JIT warm-up and native allocation
     * @param evalImagesPerSecond        the best epoch's: evaluation is short, so one slow pass (a collection, a JIT
     *                                   pause) would dominate a mean
     */
    public record Throughput(Double trainImagesPerSecond, Double steadyTrainImagesPerSecond, Double trainSeconds,
                             Double evalImagesPerSecond) {
        Map<String, Object> toMap() {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put(TRAIN_IMAGES_PER_SECOND, trainImagesPerSecond);
            t.put(STEADY_TRAIN_IMAGES_PER_SECOND, steadyTrainImagesPerSecond);
            t.put(TRAIN_SECONDS, trainSeconds);
            t.put(EVAL_IMAGES_PER_SECOND, evalImagesPerSecond);
            return t;
        }

        static Throughput read(JsonNode t, String file) throws UnreadableException {
            return new Throughput(number(t, TRAIN_IMAGES_PER_SECOND, file, THROUGHPUT),
                    number(t, STEADY_TRAIN_IMAGES_PER_SECOND, file, THROUGHPUT),
                    number(t, TRAIN_SECONDS, file, THROUGHPUT), number(t, EVAL_IMAGES_PER_SECOND, file, THROUGHPUT));
        }
    }

    /** The throughput of these epochs, rounded to a tenth as run.json keeps it. */
    public static Throughput throughput(List<EpochMetrics> epochs) {
        double images = 0;
        double seconds = 0;
        double steadyImages = 0;
        double steadySeconds = 0;
        double evalImagesPerSecond = 0;
        for (EpochMetrics e : epochs) {
            evalImagesPerSecond = Math.max(evalImagesPerSecond, e.evalImagesPerSecond());
            double n = e.imagesPerSecond() * e.epochSeconds();
            images += n;
            seconds += e.epochSeconds();
            if (e.epoch() > 1) {
                steadyImages += n;
                steadySeconds += e.epochSeconds();
            }
        }
        return new Throughput(round(images / seconds), steadySeconds > 0 ? round(steadyImages / steadySeconds) : null,
                round(seconds), round(evalImagesPerSecond));
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    /** Written beside and moved into place, so a reader never sees half a record. */
    public void write(Path file) throws IOException {
        writeJson(file, toMap());
    }

    private static void writeJson(Path file, Map<String, Object> map) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        AtomicFiles.write(file, f -> json.writeValue(f.toFile(), map));
    }

    /**
     * The record of a run that failed before it trained (its data could not be loaded, its config did not resolve):
     * enough for its folder to read as failed rather than interrupted, and to say why.
     */
    public record FailedBeforeTraining(String runId, String error) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(FORMAT_VERSION_KEY, FORMAT_VERSION);
            m.put(RUN_ID, runId);
            m.put(STATUS, RunStatus.FAILED.json());
            m.put(ERROR, error);
            return m;
        }

        public void write(Path file) throws IOException {
            writeJson(file, toMap());
        }
    }

    /** A run.json that cannot be read: not JSON, not an object, or of a format newer than this runner knows. */
    public static final class UnreadableException extends IOException {
        UnreadableException(String message) {
            super(message);
        }
    }

    /**
     * What a run.json says, as read back. Only {@code formatVersion} is always there: a failed run's record and an
     * older runner's lack keys, so the rest are null (or empty) when the file does not have them. Nothing here
     * needs DL4J: metrics are values by metrics.csv column.
     *
     * @param statusText       the status as written, null when the key is missing; {@link #status()} is its meaning
     * @param resumedFromEpoch the epoch the run was last resumed after ({@code bin/runner resume}, a sweep's rerun);
     *                         null for a run that ran in one go
     */
    public record Stored(int formatVersion, String name, String runId, String description, String statusText,
                         String error, Long seed, List<String> overrides, String dataset, Map<String, Integer> examples,
                         Long parameters, Integer epochsCompleted, Metrics finalMetrics, StoredCheckpoint checkpoint,
                         Throughput throughput, String paramsSha256, Map<String, String> files,
                         Integer resumedFromEpoch, StoredKernels kernels) {

        /** What a record says of a run that was never resumed, without the kernels' facts (an older record's). */
        public Stored(int formatVersion, String name, String runId, String description, String statusText,
                      String error, Long seed, List<String> overrides, String dataset, Map<String, Integer> examples,
                      Long parameters, Integer epochsCompleted, Metrics finalMetrics, StoredCheckpoint checkpoint,
                      Throughput throughput, String paramsSha256, Map<String, String> files) {
            this(formatVersion, name, runId, description, statusText, error, seed, overrides, dataset, examples,
                    parameters, epochsCompleted, finalMetrics, checkpoint, throughput, paramsSha256, files, null,
                    null);
        }

        /** Empty when the file has no status, or one this runner does not know. */
        public Optional<RunStatus> status() {
            return statusText == null ? Optional.empty() : RunStatus.fromJson(statusText);
        }

        public boolean is(RunStatus s) {
            return status().filter(s::equals).isPresent();
        }
    }

    /** An epoch's metrics as run.json has them, by metrics.csv column; a metric not measured is absent. */
    public record Metrics(Map<String, Double> values) {
        public Metrics {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        /** The value, or null when the file does not have it (or has null: not measured). */
        public Double get(String column) {
            return values.get(column);
        }

        /** @param where the key path for messages, "final_metrics" */
        static Metrics read(JsonNode node, String file, String where) throws UnreadableException {
            if (!node.isMissingNode() && !node.isNull() && !node.isObject()) {
                throw new UnreadableException(file + ": " + where + " is not an object");
            }
            Map<String, Double> m = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isNull()) continue; // not measured
                Double v = finite(e.getValue(), file, where + "." + e.getKey());
                if (e.getKey().endsWith("_accuracy") && (v < 0 || v > 1)) {
                    throw new UnreadableException(file + ": " + where + "." + e.getKey() + " is " + v
                            + ", outside [0, 1]");
                }
                m.put(e.getKey(), v);
            }
            return new Metrics(m);
        }
    }

    /**
     * What the run's numbers depend on beyond config and seed, as {@code backend} has it: the CPU, the kernels the
     * native libraries chose and the thread count. Each is null in a file that lacks it (an older runner's, a failed
     * run's); two runs' hashes are comparable when these agree, or when both ran in portable mode.
     */
    public record StoredKernels(String cpuModel, List<String> cpuVectorExtensions, String openblasCore,
                                String openblasCoretype, String dnnlMaxCpuIsa, String onednnIsa,
                                String ompNumThreads) {
        static StoredKernels read(JsonNode backend) {
            List<String> extensions = null;
            if (backend.path(CPU_VECTOR_EXTENSIONS).isArray()) {
                List<String> e = new ArrayList<>();
                backend.path(CPU_VECTOR_EXTENSIONS).forEach(x -> e.add(x.asText()));
                extensions = List.copyOf(e);
            }
            return new StoredKernels(text(backend, CPU_MODEL), extensions, text(backend, OPENBLAS_CORE),
                    text(backend, OPENBLAS_CORETYPE), text(backend, DNNL_MAX_CPU_ISA), text(backend, ONEDNN_ISA),
                    text(backend, OMP_NUM_THREADS));
        }
    }

    /** {@code checkpoint} as read back: the best epoch and its metrics. */
    public record StoredCheckpoint(String monitor, String mode, Integer bestEpoch, Double bestValue,
                                   Metrics bestMetrics, String file) {
    }

    /**
     * Reads a run.json of any format version up to {@link #FORMAT_VERSION}, checking what it says: numbers where
     * numbers belong, all finite, accuracies in [0, 1], and a completed run's final test accuracy present.
     *
     * @throws UnreadableException saying what is wrong and where (the line and column of broken JSON, the key of a
     *                             bad value), never the JSON library's text
     */
    public static Stored read(Path file) throws IOException {
        String name = file.getFileName().toString();
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
            throw new UnreadableException(name + (at == null ? "" : " line " + at.getLineNr() + ", column "
                    + at.getColumnNr()) + ": not valid JSON (cut short, or not a run.json)");
        }
        if (root == null || !root.isObject()) {
            throw new UnreadableException(name + " is not a JSON object");
        }
        Long formatVersion = integer(root, FORMAT_VERSION_KEY, name);
        int version = formatVersion == null ? 1 : (int) Math.max(Integer.MIN_VALUE,
                Math.min(Integer.MAX_VALUE, formatVersion));
        if (version > FORMAT_VERSION) {
            throw new UnreadableException(name + " has format_version " + formatVersion
                    + "; this runner reads up to " + FORMAT_VERSION + " (a newer runner wrote it)");
        }
        if (version < 1) throw new UnreadableException(name + ": format_version " + formatVersion + " is not valid");
        Map<String, Integer> examples = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path(EXAMPLES).fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Long n = integerValue(e.getValue(), name, EXAMPLES + "." + e.getKey());
            if (n != null) examples.put(e.getKey(), (int) Math.min(Integer.MAX_VALUE, n));
        }
        List<String> overrides = new ArrayList<>();
        root.path(OVERRIDES).forEach(o -> overrides.add(o.asText()));
        Map<String, String> files = new LinkedHashMap<>();
        root.path(FILES).fields().forEachRemaining(e -> files.put(e.getKey(), e.getValue().asText()));
        JsonNode c = root.path(CHECKPOINT);
        StoredCheckpoint checkpoint = null;
        if (c.isObject()) {
            Long bestEpoch = integer(c, BEST_EPOCH, name);
            checkpoint = new StoredCheckpoint(text(c, MONITOR), text(c, MODE),
                    bestEpoch == null ? null : (int) Math.min(Integer.MAX_VALUE, bestEpoch),
                    number(c, BEST_VALUE, name, CHECKPOINT), Metrics.read(c.path(BEST_METRICS), name,
                    CHECKPOINT + "." + BEST_METRICS), text(c, FILE));
        }
        Long epochs = integer(root, EPOCHS_COMPLETED, name);
        if (epochs != null && epochs < 0) {
            throw new UnreadableException(name + ": " + EPOCHS_COMPLETED + " is " + epochs + ", below 0");
        }
        Long resumedFrom = integer(root, RESUMED_FROM_EPOCH, name);
        Metrics finalMetrics = Metrics.read(root.path(FINAL_METRICS), name, FINAL_METRICS);
        String status = text(root, STATUS);
        if (RunStatus.COMPLETED.json().equals(status) && finalMetrics.get("test_accuracy") == null) {
            throw new UnreadableException(name + " says status \"completed\" but has no "
                    + FINAL_METRICS + ".test_accuracy");
        }
        return new Stored(version, text(root, NAME), text(root, RUN_ID), text(root, DESCRIPTION), status,
                text(root, ERROR), integer(root, SEED, name), List.copyOf(overrides),
                text(root, DATASET), Collections.unmodifiableMap(examples), integer(root, PARAMETERS, name),
                epochs == null ? null : (int) Math.min(Integer.MAX_VALUE, epochs), finalMetrics, checkpoint,
                Throughput.read(root.path(THROUGHPUT), name), text(root, PARAMS_SHA256),
                Collections.unmodifiableMap(files), resumedFrom == null ? null : (int) Math.min(Integer.MAX_VALUE,
                resumedFrom), StoredKernels.read(root.path(BACKEND)));
    }

    private static String text(JsonNode node, String key) {
        return node.hasNonNull(key) ? node.get(key).asText() : null;
    }

    /** The value at {@code key}: absent or null → null; anything but a finite number → unreadable. */
    private static Double number(JsonNode node, String key, String file, String where) throws UnreadableException {
        return node.hasNonNull(key) ? finite(node.get(key), file, where + "." + key) : null;
    }

    private static Double finite(JsonNode value, String file, String where) throws UnreadableException {
        if (!value.isNumber()) {
            throw new UnreadableException(file + ": " + where + " is " + shortText(value) + ", not a number");
        }
        double v = value.asDouble();
        if (!Double.isFinite(v)) {
            throw new UnreadableException(file + ": " + where + " is not a finite number");
        }
        return v;
    }

    private static Long integer(JsonNode node, String key, String file) throws UnreadableException {
        return node.hasNonNull(key) ? integerValue(node.get(key), file, key) : null;
    }

    private static Long integerValue(JsonNode value, String file, String where) throws UnreadableException {
        if (value.isNull()) return null;
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new UnreadableException(file + ": " + where + " is " + shortText(value) + ", not an integer");
        }
        return value.asLong();
    }

    private static String shortText(JsonNode value) {
        String t = value.toString();
        return t.length() > 40 ? t.substring(0, 37) + "..." : t;
    }
}
