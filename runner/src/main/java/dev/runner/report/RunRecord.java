package dev.runner.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.runner.train.BackendInfo;
import dev.runner.train.EpochMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code run.json}: the provenance of one run, enough to understand it and to repeat it (the resolved config's hash,
 * the seed, the backend and native build, the versions, the commit) and what it gave (final metrics, throughput, the
 * hash of the trained parameters). Keys are snake_case and sealed by a golden-file test.
 */
public record RunRecord(String name, String runId, String description, String configSha256, long seed,
                        List<String> overrides, String dataset, Map<String, Integer> examples, long parameters,
                        BackendInfo backend, String runnerVersion, String gitCommit, ZonedDateTime startedAt,
                        ZonedDateTime endedAt, Double secondsToFirstBatch, String status, String error, List<EpochMetrics> epochs,
                        String paramsSha256, Map<String, String> files, List<String> layerHelpers) {

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("run_id", runId);
        m.put("description", description);
        m.put("status", status);
        if (error != null) m.put("error", error);
        m.put("config_sha256", configSha256);
        m.put("seed", seed);
        m.put("overrides", overrides);
        m.put("dataset", dataset);
        m.put("examples", examples);
        m.put("parameters", parameters);
        Map<String, Object> b = new LinkedHashMap<>(backend.asMap());
        b.put("layer_helpers", layerHelpers);
        m.put("backend", b);
        Map<String, Object> versions = new LinkedHashMap<>();
        versions.put("runner", runnerVersion);
        versions.put("java", backend.javaVersion());
        versions.put("dl4j", backend.dl4jVersion());
        versions.put("nd4j", backend.dl4jVersion());
        m.put("versions", versions);
        m.put("git_commit", gitCommit);
        m.put("started_at", startedAt.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        m.put("ended_at", endedAt.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        m.put("duration_seconds", Duration.between(startedAt, endedAt).toMillis() / 1000.0);
        m.put("seconds_to_first_batch", secondsToFirstBatch);
        m.put("epochs_completed", epochs.size());
        if (!epochs.isEmpty()) {
            EpochMetrics last = epochs.get(epochs.size() - 1);
            Map<String, Object> fin = new LinkedHashMap<>();
            fin.put("train_loss", last.trainLoss());
            fin.put("train_accuracy", last.trainAccuracy());
            fin.put("val_loss", Double.isNaN(last.valLoss()) ? null : last.valLoss());
            fin.put("val_accuracy", Double.isNaN(last.valAccuracy()) ? null : last.valAccuracy());
            fin.put("test_loss", last.testLoss());
            fin.put("test_accuracy", last.testAccuracy());
            m.put("final_metrics", fin);
            m.put("throughput", throughput(epochs));
        }
        m.put("params_sha256", paramsSha256);
        m.put("files", files);
        return m;
    }

    /**
     * Training images per second. The first epoch pays for JIT warm-up and native allocation, so the steady figure
     * (epochs after the first, when there are any) is reported beside the mean.
     */
    static Map<String, Object> throughput(List<EpochMetrics> epochs) {
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
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("train_images_per_second", round(images / seconds));
        t.put("steady_train_images_per_second", steadySeconds > 0 ? round(steadyImages / steadySeconds) : null);
        t.put("train_seconds", round(seconds));
        // The best epoch's: evaluation is short, so one slow pass (a collection, a JIT pause) would dominate.
        t.put("eval_images_per_second", round(evalImagesPerSecond));
        return t;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    public void write(Path file) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), toMap());
    }
}
