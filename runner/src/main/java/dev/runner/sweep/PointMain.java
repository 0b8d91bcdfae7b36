package dev.runner.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runner.config.ExperimentWriter;
import dev.runner.data.LoadedDataset;
import dev.runner.results.RunDirectory;
import dev.runner.results.RunLayout;
import dev.runner.results.RunRecord;
import dev.runner.run.Datasets;
import dev.runner.run.ExperimentRun;
import dev.runner.run.PreparedExperiment;
import dev.runner.util.Sha256;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child process of a sweep worker: trains the one point whose folder it is given (its {@code config.yaml} and
 * {@code point.json}, written by the parent) into that folder. Its output is the point's log.
 * {@code java -cp ... dev.runner.sweep.PointMain FOLDER DATA_DIR}
 */
public final class PointMain {
    private PointMain() {
    }

    public static void main(String[] args) {
        System.exit(run(Path.of(args[0]), Path.of(args[1])));
    }

    /**
     * A failure before training started (data, config) leaves no run.json of ExperimentRun's; write a short one so
     * the folder reads as failed (rerun with the failures), not as interrupted.
     */
    private static void recordFailure(Path folder, String message) {
        Path record = folder.resolve(RunLayout.RECORD);
        if (Files.exists(record)) return;
        try {
            new RunRecord.FailedBeforeTraining(folder.getFileName().toString(), message).write(record);
        } catch (IOException | RuntimeException ignored) {
            // the log says what went wrong
        }
    }

    static int run(Path folder, Path dataDir) {
        PrintWriter out = new PrintWriter(System.out, true);
        try {
            JsonNode point = new ObjectMapper().readTree(folder.resolve(SweepRunner.POINT_JSON).toFile());
            List<String> overrides = new ArrayList<>();
            point.path("overrides").forEach(o -> overrides.add(o.asText()));
            PreparedExperiment experiment = PreparedExperiment.load(folder.resolve(RunLayout.CONFIG), List.of());
            String id = Sha256.ofText(new ExperimentWriter().write(experiment.spec()))
                    .substring(0, SweepPlan.ID_LENGTH);
            if (!id.equals(point.path("id").asText())) {
                out.println("runner: error: config.yaml of this point resolves to " + id + ", not "
                        + point.path("id").asText() + "; was it edited?");
                return 2;
            }
            out.printf("point %d: %s%n", point.path("index").asInt(), point.path("describe").asText());
            // The parent fetched every dataset of the sweep before starting any point.
            LoadedDataset dataset = new Datasets(dataDir, null, out).load(experiment.spec().dataset().name());
            ExperimentRun.Result result = new ExperimentRun().execute(experiment, dataset,
                    new ExperimentRun.Options(folder.getParent(), overrides,
                            System.getProperty("runner.git.commit")),
                    List.of(ExperimentRun.console(out, null)),
                    new RunDirectory(folder, folder.getFileName().toString()));
            out.println("params_sha256 " + result.paramsSha256());
            return 0;
        } catch (ExperimentRun.RunFailedException e) {
            out.println("runner: error: " + e.getMessage() + " (" + e.whereRecorded() + ")");
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
