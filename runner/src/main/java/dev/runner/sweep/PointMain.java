package dev.runner.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runner.config.ExperimentLoader;
import dev.runner.config.ExperimentWriter;
import dev.runner.config.LoadedExperiment;
import dev.runner.data.DatasetInfo;
import dev.runner.data.DatasetStore;
import dev.runner.data.LoadedDataset;
import dev.runner.model.ModelSummary;
import dev.runner.model.ShapeInference;
import dev.runner.report.ConsoleReporter;
import dev.runner.report.ExperimentRun;
import dev.runner.report.ParameterHash;
import dev.runner.report.RunDirectory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child process of a sweep worker: trains the one point whose folder it is given (its {@code config.yaml} and
 * {@code point.json}, written by the parent) into that folder. Its output is the point's log.
 * {@code java -cp ... dev.runner.sweep.PointMain FOLDER DATA_DIR}
 * It holds the folder's {@link PointLock} for its whole life and does not start (exit {@link PointLock#EXIT_BUSY})
 * when another process holds it; started by a local sweep it also ends when the sweep does ({@link ParentWatch},
 * exit 71).
 */
public final class PointMain {
    private PointMain() {
    }

    public static void main(String[] args) {
        ParentWatch.startIfRequested();
        Path folder = Path.of(args[0]);
        System.exit(PointLock.runHolding(folder, System.err, () -> run(folder, Path.of(args[1]))));
    }

    /**
     * A failure before training started (data, config) leaves no run.json of ExperimentRun's; write a short one so
     * the folder reads as failed (rerun with the failures), not as interrupted.
     */
    private static void recordFailure(Path folder, String message) {
        if (java.nio.file.Files.exists(folder.resolve(ExperimentRun.RECORD))) return;
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("run_id", folder.getFileName().toString());
        m.put("status", "failed");
        m.put("error", message);
        try {
            new ObjectMapper().writeValue(folder.resolve(ExperimentRun.RECORD).toFile(), m);
        } catch (java.io.IOException | RuntimeException ignored) {
            // the log says what went wrong
        }
    }

    static int run(Path folder, Path dataDir) {
        PrintWriter out = new PrintWriter(System.out, true);
        try {
            JsonNode point = new ObjectMapper().readTree(folder.resolve(SweepRunner.POINT_JSON).toFile());
            List<String> overrides = new ArrayList<>();
            point.path("overrides").forEach(o -> overrides.add(o.asText()));
            LoadedExperiment experiment;
            ModelSummary summary;
            try (ExperimentLoader loader = new ExperimentLoader()) {
                experiment = loader.load(folder.resolve(ExperimentRun.CONFIG), List.of());
                summary = new ShapeInference().infer(experiment);
            }
            String id = ParameterHash.ofText(new ExperimentWriter().write(experiment.spec()))
                    .substring(0, SweepPlan.ID_LENGTH);
            if (!id.equals(point.path("id").asText())) {
                out.println("runner: error: config.yaml of this point resolves to " + id + ", not "
                        + point.path("id").asText() + "; was it edited?");
                return 2;
            }
            out.printf("point %d: %s%n", point.path("index").asInt(), point.path("describe").asText());
            LoadedDataset dataset = new DatasetStore(dataDir).load(DatasetInfo.of(experiment.spec().dataset().name()));
            ExperimentRun.Result result = new ExperimentRun().execute(experiment, summary, dataset,
                    new ExperimentRun.Options(folder.getParent(), overrides,
                            System.getProperty("runner.git.commit")),
                    List.of(new ConsoleReporter(out, null)), new RunDirectory(folder, folder.getFileName().toString()));
            out.println("params_sha256 " + result.paramsSha256());
            return 0;
        } catch (ExperimentRun.RunFailedException e) {
            out.println("runner: error: training failed: " + e.getMessage());
            e.getCause().printStackTrace(out);
            return 1;
        } catch (Exception | Error e) {
            String message = e instanceof dev.runner.data.DataException || e.getMessage() == null ? String.valueOf(
                    e.getMessage() == null ? e : e.getMessage()) : e.toString();
            out.println("runner: error: " + message);
            e.printStackTrace(out);
            recordFailure(folder, message);
            return 1;
        } finally {
            out.flush();
        }
    }
}
