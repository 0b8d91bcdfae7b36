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
import dev.runner.run.Resumption;
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
        Path record = folder.resolve(RunLayout.RECORD);
        if (Files.exists(record)) return;
        try {
            new RunRecord.FailedBeforeTraining(folder.getFileName().toString(), message).write(record);
        } catch (IOException | RuntimeException ignored) {
            // the log says what went wrong
        }
    }

    /**
     * A state that proved unusable fails the point, saying why; it is removed so that the sweep's next rerun trains
     * the point from the start instead of failing on it again.
     */
    private static void discardState(Path folder) {
        try {
            Files.deleteIfExists(folder.resolve(RunLayout.RESUME));
        } catch (IOException ignored) {
            // the parent clears the folder when it finds the state unusable
        }
    }

    static int run(Path folder, Path dataDir) {
        PrintWriter out = new PrintWriter(System.out, true);
        try {
            JsonNode point = new ObjectMapper().readTree(folder.resolve(SweepRunner.POINT_JSON).toFile());
            List<String> overrides = new ArrayList<>();
            point.path("overrides").forEach(o -> overrides.add(o.asText()));
            PreparedExperiment experiment = PreparedExperiment.load(folder.resolve(RunLayout.CONFIG), List.of());
            String id = SweepPlan.idOf(new ExperimentWriter().write(experiment.spec()));
            if (!id.equals(point.path("id").asText())) {
                out.println("runner: error: config.yaml of this point resolves to " + id + ", not "
                        + point.path("id").asText() + "; was it edited?");
                return 2;
            }
            out.printf("point %d: %s%n", point.path("index").asInt(), point.path("describe").asText());
            // The parent fetched every dataset of the sweep before starting any point.
            LoadedDataset dataset = new Datasets(dataDir, null, out).load(experiment.spec().dataset().name());
            // A pruning sweep leaves its rule in the sweep folder, which every point's process shares.
            SuccessiveHalving prune = SuccessiveHalving.readSettings(folder.getParent());
            PruningListener pruning = prune == null ? null
                    : new PruningListener(prune, folder.getParent(), point.path("id").asText(), out);
            ExperimentRun.Result result;
            if (Resumption.hasState(folder)) {
                // The parent kept this folder because its state is of this config: an interrupted attempt goes on.
                Resumption resumption = Resumption.open(folder);
                out.printf("resuming after epoch %d%n", resumption.saved().epoch());
                result = new ExperimentRun().resume(resumption, dataset, List.of(ExperimentRun.console(out, null)),
                        pruning);
            } else {
                result = new ExperimentRun().execute(experiment, dataset,
                        new ExperimentRun.Options(folder.getParent(), overrides,
                                System.getProperty("runner.git.commit")),
                        List.of(ExperimentRun.console(out, null)),
                        new RunDirectory(folder, folder.getFileName().toString()), pruning);
            }
            out.println("params_sha256 " + result.paramsSha256());
            return 0;
        } catch (ExperimentRun.ResumeStateException | Resumption.NotResumableException e) {
            out.println("runner: error: " + e.getMessage());
            discardState(folder);
            recordFailure(folder, e.getMessage());
            return 1;
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
