package dev.runner.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.runner.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code evaluation.json} of one {@code runner evaluate} result ({@code <run>/evaluations/<name>/}): which model file
 * was evaluated on which set, the loss and accuracy, and, when the set is one the run itself evaluated unchanged, the
 * figures run.json recorded for that model, so a reader sees at once whether the saved model reproduces them.
 *
 * @param model        {@code final} or {@code best}
 * @param modelFile    the file in the run folder, {@code model.zip} or {@code best_model.zip}
 * @param set          {@code test}, {@code val} or the name of an evaluation set
 * @param split        the split the set is drawn from
 * @param transforms   the set's transforms as the resolved config writes them
 * @param recorded     run.json's figures for this model and set, null when the run did not record them
 */
public record EvaluationRecord(String runName, String runId, String model, String modelFile, String modelSha256,
                               String set, String split, String transforms, List<String> overrides, int examples,
                               double loss, double accuracy, Recorded recorded, String runnerVersion,
                               ZonedDateTime evaluatedAt, Map<String, String> files) {
    public static final int FORMAT_VERSION = 1;
    public static final String FILE = "evaluation.json";

    /** The loss and accuracy run.json has for the same model on the same set. */
    public record Recorded(String source, double loss, double accuracy) {
        /** Bit for bit the same figures. */
        public boolean same(double otherLoss, double otherAccuracy) {
            return Double.compare(loss, otherLoss) == 0 && Double.compare(accuracy, otherAccuracy) == 0;
        }
    }

    public EvaluationRecord {
        overrides = List.copyOf(overrides);
        files = Map.copyOf(files);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format_version", FORMAT_VERSION);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("name", runName);
        run.put("run_id", runId);
        m.put("run", run);
        m.put("model", model);
        m.put("model_file", modelFile);
        m.put("model_sha256", modelSha256);
        m.put("set", set);
        m.put("split", split);
        m.put("transforms", transforms);
        m.put("overrides", overrides);
        m.put("examples", examples);
        m.put("loss", loss);
        m.put("accuracy", accuracy);
        if (recorded != null) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("source", recorded.source());
            r.put("loss", recorded.loss());
            r.put("accuracy", recorded.accuracy());
            r.put("same", recorded.same(loss, accuracy));
            m.put("run_json", r);
        } else {
            m.put("run_json", null);
        }
        m.put("runner_version", runnerVersion);
        m.put("evaluated_at", evaluatedAt.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        m.put("files", new LinkedHashMap<>(new java.util.TreeMap<>(files)));
        return m;
    }

    public void write(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        AtomicFiles.write(file, f -> json.writeValue(f.toFile(), toMap()));
    }
}
