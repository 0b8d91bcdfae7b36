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
 * beside the final model's. With {@code early_stopping:} it says whether and when training stopped early.
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
                        EarlyStoppingSpec earlyStopping, Integer stoppedEarlyAt) {

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
    static final String STARTED_AT = "started_at";
    static final String ENDED_AT = "ended_at";
    static final String DURATION_SECONDS = "duration_seconds";
    static final String SECONDS_TO_FIRST_BATCH = "seconds_to_first_batch";
    static final String EPOCHS_COMPLETED = "epochs_completed";
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
        m.put(STARTED_AT, startedAt.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        m.put(ENDED_AT, endedAt.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        m.put(DURATION_SECONDS, Duration.between(startedAt, endedAt).toMillis() / 1000.0);
        m.put(SECONDS_TO_FIRST_BATCH, secondsToFirstBatch);
        m.put(EPOCHS_COMPLETED, epochs.size());
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

        static Throughput read(JsonNode t) {
            return new Throughput(number(t, TRAIN_IMAGES_PER_SECOND), number(t, STEADY_TRAIN_IMAGES_PER_SECOND),
                    number(t, TRAIN_SECONDS), number(t, EVAL_IMAGES_PER_SECOND));
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
     * @param statusText the status as written, null when the key is missing; {@link #status()} is its meaning
     */
    public record Stored(int formatVersion, String name, String runId, String description, String statusText,
                         String error, Long seed, List<String> overrides, String dataset, Map<String, Integer> examples,
                         Long parameters, Integer epochsCompleted, Metrics finalMetrics, StoredCheckpoint checkpoint,
                         Throughput throughput, String paramsSha256, Map<String, String> files,
                         StoredKernels kernels) {

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

        static Metrics read(JsonNode node) {
            Map<String, Double> m = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isNumber()) m.put(e.getKey(), e.getValue().asDouble());
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

    /** Reads a run.json of any format version up to {@link #FORMAT_VERSION}. */
    public static Stored read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        if (root == null || !root.isObject()) {
            throw new UnreadableException(file.getFileName() + " is not a JSON object");
        }
        int version = root.hasNonNull(FORMAT_VERSION_KEY) ? root.get(FORMAT_VERSION_KEY).asInt() : 1;
        if (version > FORMAT_VERSION) {
            throw new UnreadableException(file.getFileName() + " has format_version " + version
                    + "; this runner reads up to " + FORMAT_VERSION + " (a newer runner wrote it)");
        }
        Map<String, Integer> examples = new LinkedHashMap<>();
        root.path(EXAMPLES).fields().forEachRemaining(e -> examples.put(e.getKey(), e.getValue().asInt()));
        List<String> overrides = new ArrayList<>();
        root.path(OVERRIDES).forEach(o -> overrides.add(o.asText()));
        Map<String, String> files = new LinkedHashMap<>();
        root.path(FILES).fields().forEachRemaining(e -> files.put(e.getKey(), e.getValue().asText()));
        JsonNode c = root.path(CHECKPOINT);
        StoredCheckpoint checkpoint = c.isObject() ? new StoredCheckpoint(text(c, MONITOR), text(c, MODE),
                c.hasNonNull(BEST_EPOCH) ? c.get(BEST_EPOCH).asInt() : null, number(c, BEST_VALUE),
                Metrics.read(c.path(BEST_METRICS)), text(c, FILE)) : null;
        return new Stored(version, text(root, NAME), text(root, RUN_ID), text(root, DESCRIPTION), text(root, STATUS),
                text(root, ERROR), root.hasNonNull(SEED) ? root.get(SEED).asLong() : null, List.copyOf(overrides),
                text(root, DATASET), Collections.unmodifiableMap(examples),
                root.hasNonNull(PARAMETERS) ? root.get(PARAMETERS).asLong() : null,
                root.hasNonNull(EPOCHS_COMPLETED) ? root.get(EPOCHS_COMPLETED).asInt() : null,
                Metrics.read(root.path(FINAL_METRICS)), checkpoint, Throughput.read(root.path(THROUGHPUT)),
                text(root, PARAMS_SHA256), Collections.unmodifiableMap(files),
                StoredKernels.read(root.path(BACKEND)));
    }

    private static String text(JsonNode node, String key) {
        return node.hasNonNull(key) ? node.get(key).asText() : null;
    }

    private static Double number(JsonNode node, String key) {
        return node.hasNonNull(key) ? node.get(key).asDouble() : null;
    }
}
