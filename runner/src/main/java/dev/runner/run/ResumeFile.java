package dev.runner.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.runner.report.ParameterHash;
import dev.runner.results.RunLayout;
import dev.runner.train.DropoutRandom;
import dev.runner.train.EarlyStoppingListener;
import dev.runner.train.EpochMetrics;
import dev.runner.train.TrainingPolicies;
import dev.runner.train.TrainingState;
import dev.runner.util.AtomicFiles;
import dev.runner.util.Sha256;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code resume.zip} ({@link RunLayout#RESUME}): what continuing an interrupted run needs, as one file rewritten after
 * every epoch training goes on from, beside and then moved into place, so a run killed at any moment leaves the
 * previous epoch's state or this one's, whole. Two entries:
 * <ul>
 * <li>{@code network.zip}: the training network as DL4J's {@link ModelSerializer} writes it with its updater state,
 * in the runner's own classes (its PyTorch-semantics updaters and batch norm: this file is for the runner, unlike
 * {@code model.zip}); the network's configuration carries the iteration and epoch counters Adam's bias correction
 * reads, its parameters batch norm's running statistics.</li>
 * <li>{@code state.json}: the epoch, the metrics so far (each value as {@link Double#toString} writes it, so they
 * read back bit for bit), the dropout generator's state, the checkpoint and early-stopping trackers, the hash of
 * the config the state belongs to, the run's start, overrides and commit, and hashes of the network entry and of
 * its parameters to tell a damaged file from a sound one.</li>
 * </ul>
 */
public final class ResumeFile {
    static final String FORMAT = "runner-resume-state";
    static final int FORMAT_VERSION = 1;
    static final String STATE = "state.json";
    static final String NETWORK = "network.zip";

    /** What the file holds, the network as the bytes of its own zip. */
    public record Saved(String configSha256, int epochs, ZonedDateTime startedAt, List<String> overrides,
                        String gitCommit, TrainingState training, TrainingPolicies.Trackers trackers,
                        String paramsSha256, byte[] network) {
        public Saved {
            overrides = List.copyOf(overrides);
        }

        public int epoch() {
            return training.epoch();
        }
    }

    /** The file is not a sound state of this runner: unreadable, incomplete, or inconsistent with itself. */
    public static final class DamagedException extends IOException {
        DamagedException(String message) {
            super(message);
        }

        DamagedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private ResumeFile() {
    }

    /** The state of {@code network} after {@code state}'s epoch, with what the run is. */
    static Saved of(MultiLayerNetwork network, TrainingState state, TrainingPolicies.Trackers trackers,
                    String configSha256, int epochs, ZonedDateTime startedAt, List<String> overrides,
                    String gitCommit) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ModelSerializer.writeModel(network, bytes, true);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise the network: " + e.getMessage(), e);
        }
        return new Saved(configSha256, epochs, startedAt, overrides, gitCommit, state, trackers,
                ParameterHash.of(network.params()), bytes.toByteArray());
    }

    static void write(Path file, Saved saved) throws IOException {
        byte[] state = json().writeValueAsBytes(stateMap(saved));
        AtomicFiles.write(file, partial -> {
            try (OutputStream out = Files.newOutputStream(partial); ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.putNextEntry(new ZipEntry(STATE));
                zip.write(state);
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry(NETWORK));
                zip.write(saved.network());
                zip.closeEntry();
            }
        });
    }

    private static Map<String, Object> stateMap(Saved s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("format_version", FORMAT_VERSION);
        m.put("config_sha256", s.configSha256());
        m.put("epoch", s.epoch());
        m.put("epochs", s.epochs());
        m.put("started_at", s.startedAt().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        m.put("overrides", s.overrides());
        m.put("git_commit", s.gitCommit());
        Map<String, Object> random = new LinkedHashMap<>();
        random.put("root_state", s.training().dropoutRandom().rootState());
        random.put("node_state", s.training().dropoutRandom().nodeState());
        m.put("dropout_random", random);
        m.put("best_epoch", s.trackers().bestEpoch());
        EarlyStoppingListener.Tracker early = s.trackers().earlyStopping();
        if (early != null) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("best_epoch", early.bestEpoch());
            e.put("best_score", Double.toString(early.bestScore()));
            m.put("early_stopping", e);
        } else {
            m.put("early_stopping", null);
        }
        List<Map<String, Object>> history = new ArrayList<>();
        for (EpochMetrics e : s.training().history()) history.add(metricsMap(e));
        m.put("history", history);
        m.put("params_sha256", s.paramsSha256());
        m.put("network_sha256", Sha256.hex(s.network()));
        return m;
    }

    private static Map<String, Object> metricsMap(EpochMetrics e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", e.epoch());
        m.put("train_loss", Double.toString(e.trainLoss()));
        m.put("train_accuracy", Double.toString(e.trainAccuracy()));
        m.put("val_loss", Double.toString(e.valLoss()));
        m.put("val_accuracy", Double.toString(e.valAccuracy()));
        m.put("test_loss", Double.toString(e.testLoss()));
        m.put("test_accuracy", Double.toString(e.testAccuracy()));
        m.put("lr", Double.toString(e.learningRate()));
        m.put("epoch_seconds", Double.toString(e.epochSeconds()));
        m.put("images_per_second", Double.toString(e.imagesPerSecond()));
        m.put("eval_images_per_second", Double.toString(e.evalImagesPerSecond()));
        List<Map<String, Object>> extra = new ArrayList<>();
        for (EpochMetrics.SetMetrics set : e.extra()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("name", set.name());
            x.put("loss", Double.toString(set.loss()));
            x.put("accuracy", Double.toString(set.accuracy()));
            extra.add(x);
        }
        m.put("extra", extra);
        return m;
    }

    /**
     * Reads and checks the file: a zip with both entries, a state of this format whose every part is there, and a
     * network entry whose bytes are those the state was written with. The network itself is read by
     * {@link #restoreInto}.
     */
    public static Saved read(Path file) throws DamagedException {
        byte[] state;
        byte[] network;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            state = entry(zip, STATE);
            network = entry(zip, NETWORK);
        } catch (ZipException e) {
            throw new DamagedException("not a readable zip file (" + e.getMessage() + "): cut short or overwritten",
                    e);
        } catch (DamagedException e) {
            throw e;
        } catch (IOException e) {
            throw new DamagedException("cannot be read: " + e.getMessage(), e);
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(state);
        } catch (IOException e) {
            throw new DamagedException(STATE + " is not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
            throw new DamagedException(STATE + " is not a runner's resume state");
        }
        int version = root.path("format_version").asInt(-1);
        if (version != FORMAT_VERSION) {
            throw new DamagedException(STATE + " has format_version " + version + "; this runner reads "
                    + FORMAT_VERSION);
        }
        String networkSha = text(root, "network_sha256");
        if (!networkSha.equals(Sha256.hex(network))) {
            throw new DamagedException(NETWORK + " does not have the content " + STATE + " was written with "
                    + "(SHA-256 differs)");
        }
        try {
            List<EpochMetrics> history = new ArrayList<>();
            for (JsonNode e : array(root, "history")) history.add(metrics(e));
            JsonNode random = object(root, "dropout_random");
            TrainingState training = new TrainingState(integer(root, "epoch"), history,
                    new DropoutRandom(longValue(random, "root_state"), longValue(random, "node_state")));
            JsonNode early = root.path("early_stopping");
            EarlyStoppingListener.Tracker tracker = early.isObject() ? new EarlyStoppingListener.Tracker(
                    integer(early, "best_epoch"), number(early, "best_score")) : null;
            Integer best = root.hasNonNull("best_epoch") ? integer(root, "best_epoch") : null;
            List<String> overrides = new ArrayList<>();
            for (JsonNode o : array(root, "overrides")) overrides.add(o.asText());
            return new Saved(text(root, "config_sha256"), integer(root, "epochs"),
                    ZonedDateTime.parse(text(root, "started_at"), DateTimeFormatter.ISO_OFFSET_DATE_TIME), overrides,
                    root.hasNonNull("git_commit") ? root.get("git_commit").asText() : null, training,
                    new TrainingPolicies.Trackers(best, tracker), text(root, "params_sha256"), network);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new DamagedException(STATE + ": " + e.getMessage(), e);
        }
    }

    /**
     * Sets {@code network}, freshly compiled from the run's config, to the saved one: parameters (batch norm's
     * running statistics among them), updater state, iteration and epoch counters.
     */
    static void restoreInto(Saved saved, MultiLayerNetwork network) throws DamagedException {
        MultiLayerNetwork stored;
        try (InputStream in = new ByteArrayInputStream(saved.network())) {
            stored = ModelSerializer.restoreMultiLayerNetwork(in, true);
        } catch (IOException | RuntimeException e) {
            throw new DamagedException(NETWORK + " does not load: " + e.getMessage(), e);
        }
        if (stored.numParams() != network.numParams()) {
            throw new DamagedException(NETWORK + " has " + stored.numParams() + " parameters; the config's network has "
                    + network.numParams());
        }
        if (!ParameterHash.of(stored.params()).equals(saved.paramsSha256())) {
            throw new DamagedException(NETWORK + "'s parameters are not those " + STATE + " was written with");
        }
        Updater target = network.getUpdater();
        INDArray from = stored.getUpdater() == null ? null : stored.getUpdater().getStateViewArray();
        INDArray to = target == null ? null : target.getStateViewArray();
        long fromLength = from == null ? 0 : from.length();
        long toLength = to == null ? 0 : to.length();
        if (fromLength != toLength) {
            throw new DamagedException(NETWORK + " has " + fromLength + " values of optimizer state; the config's "
                    + "optimizer keeps " + toLength);
        }
        network.setParams(stored.params());
        if (to != null) to.assign(from);
        network.setIterationCount(stored.getIterationCount());
        network.setEpochCount(stored.getEpochCount());
    }

    private static byte[] entry(ZipFile zip, String name) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) throw new DamagedException("has no " + name);
        try (InputStream in = zip.getInputStream(e)) {
            return in.readAllBytes();
        }
    }

    private static EpochMetrics metrics(JsonNode e) {
        List<EpochMetrics.SetMetrics> extra = new ArrayList<>();
        for (JsonNode x : array(e, "extra")) {
            extra.add(new EpochMetrics.SetMetrics(text(x, "name"), number(x, "loss"), number(x, "accuracy")));
        }
        return new EpochMetrics(integer(e, "epoch"), number(e, "train_loss"), number(e, "train_accuracy"),
                number(e, "val_loss"), number(e, "val_accuracy"), number(e, "test_loss"), number(e, "test_accuracy"),
                number(e, "lr"), number(e, "epoch_seconds"), number(e, "images_per_second"),
                number(e, "eval_images_per_second"), extra);
    }

    private static JsonNode field(JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) throw new IllegalArgumentException("'" + key + "' is missing");
        return v;
    }

    private static String text(JsonNode node, String key) {
        JsonNode v = field(node, key);
        if (!v.isTextual()) throw new IllegalArgumentException("'" + key + "' is not text");
        return v.asText();
    }

    private static int integer(JsonNode node, String key) {
        JsonNode v = field(node, key);
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException("'" + key + "' is not an integer");
        }
        return v.intValue();
    }

    private static long longValue(JsonNode node, String key) {
        JsonNode v = field(node, key);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException("'" + key + "' is not an integer");
        }
        return v.longValue();
    }

    private static double number(JsonNode node, String key) {
        try {
            return Double.parseDouble(text(node, key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + key + "' is not a number");
        }
    }

    private static JsonNode object(JsonNode node, String key) {
        JsonNode v = field(node, key);
        if (!v.isObject()) throw new IllegalArgumentException("'" + key + "' is not an object");
        return v;
    }

    private static Iterable<JsonNode> array(JsonNode node, String key) {
        JsonNode v = field(node, key);
        if (!v.isArray()) throw new IllegalArgumentException("'" + key + "' is not a list");
        return v;
    }

    private static ObjectMapper json() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }
}
