package dev.runner.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.runner.config.CheckpointSpec;
import dev.runner.config.EarlyStoppingSpec;
import dev.runner.config.EvaluationSetSpec;
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
 * hash of the trained parameters). Keys are snake_case and sealed by a golden-file test. With {@code checkpoint:}
 * it names the best epoch, its value of the monitor and all its metrics, test included: the best model's test figures
 * beside the final model's. With {@code early_stopping:} it says whether and when training stopped early.
 */
public record RunRecord(String name, String runId, String description, String configSha256, long seed,
                        List<String> overrides, String dataset, Map<String, Integer> examples, long parameters,
                        BackendInfo backend, String runnerVersion, String gitCommit, ZonedDateTime startedAt,
                        ZonedDateTime endedAt, Double secondsToFirstBatch, String status, String error, List<EpochMetrics> epochs,
                        String paramsSha256, Map<String, String> files, List<String> layerHelpers,
                        CheckpointSpec checkpoint, EpochMetrics best, EarlyStoppingSpec earlyStopping,
                        Integer stoppedEarlyAt) {

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
            m.put("final_metrics", metrics(epochs.get(epochs.size() - 1)));
            if (checkpoint != null && best != null) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("monitor", checkpoint.monitor());
                c.put("mode", checkpoint.mode().yamlName());
                c.put("best_epoch", best.epoch());
                c.put("best_value", nullIfNaN(best.value(checkpoint.monitor())));
                c.put("best_metrics", metrics(best));
                c.put("file", files.get("best_model"));
                m.put("checkpoint", c);
            }
            if (earlyStopping != null) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("monitor", earlyStopping.monitor());
                e.put("mode", earlyStopping.mode().yamlName());
                e.put("patience", earlyStopping.patience());
                e.put("min_delta", earlyStopping.minDelta());
                e.put("stopped_early", stoppedEarlyAt != null);
                e.put("stopped_after_epoch", stoppedEarlyAt);
                m.put("early_stopping", e);
            }
            m.put("throughput", throughput(epochs));
        }
        m.put("params_sha256", paramsSha256);
        m.put("files", files);
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
