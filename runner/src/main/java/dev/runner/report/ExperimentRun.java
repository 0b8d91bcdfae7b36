package dev.runner.report;

import dev.runner.config.EvaluationSetSpec;
import dev.runner.config.ExperimentSpec;
import dev.runner.config.ExperimentWriter;
import dev.runner.config.LoadedExperiment;
import dev.runner.data.LoadedDataset;
import dev.runner.model.CompiledModel;
import dev.runner.model.ModelFile;
import dev.runner.model.ModelSummary;
import dev.runner.model.NetworkCompiler;
import dev.runner.train.BackendInfo;
import dev.runner.train.EpochMetrics;
import dev.runner.train.RunData;
import dev.runner.train.Seeds;
import dev.runner.train.Trainer;
import dev.runner.train.TrainingObserver;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * One run from a valid experiment to a results folder: {@code config.yaml} first (so even a failed run says what it
 * was), then data, network, training with {@code metrics.csv} written as epochs end (and {@code best_model.zip}
 * rewritten at each new best epoch when the experiment has {@code checkpoint:}), the model file, the report
 * ({@link RunReport}: plots, per-class metrics, report.html), and {@code run.json} last, recording success or the
 * failure.
 */
public final class ExperimentRun {
    public static final String CONFIG = "config.yaml";
    public static final String METRICS = "metrics.csv";
    public static final String RECORD = "run.json";
    public static final String MODEL = "model.zip";
    /** The model of the best epoch by {@code checkpoint:}'s monitor, written as {@code model.zip} is (see ModelFile). */
    public static final String BEST_MODEL = "best_model.zip";

    public record Options(Path resultsRoot, List<String> overrides, String gitCommit) {
    }

    public record Result(RunDirectory directory, Trainer.Outcome outcome, String paramsSha256, RunRecord record,
                         CompiledModel model) {
    }

    /** Training failed after the results folder was made; the folder holds a {@code run.json} saying so. */
    public static final class RunFailedException extends Exception {
        private final RunDirectory directory;

        RunFailedException(String message, RunDirectory directory, Throwable cause) {
            super(message, cause);
            this.directory = directory;
        }

        public RunDirectory directory() {
            return directory;
        }
    }

    public Result execute(LoadedExperiment experiment, ModelSummary summary, LoadedDataset dataset, Options options,
                          List<TrainingObserver> observers) throws IOException, RunFailedException {
        ZonedDateTime start = ZonedDateTime.now();
        return execute(experiment, summary, dataset, options, observers,
                RunDirectory.create(options.resultsRoot(), experiment.spec().name(), start), start);
    }

    /**
     * As {@link #execute(LoadedExperiment, ModelSummary, LoadedDataset, Options, List)}, into a folder the caller
     * made (a sweep names each point's folder by the hash of its config); {@code options.resultsRoot} is unused.
     */
    public Result execute(LoadedExperiment experiment, ModelSummary summary, LoadedDataset dataset, Options options,
                          List<TrainingObserver> observers, RunDirectory dir) throws IOException, RunFailedException {
        return execute(experiment, summary, dataset, options, observers, dir, ZonedDateTime.now());
    }

    private Result execute(LoadedExperiment experiment, ModelSummary summary, LoadedDataset dataset, Options options,
                           List<TrainingObserver> observers, RunDirectory dir, ZonedDateTime start)
            throws IOException, RunFailedException {
        ExperimentSpec spec = experiment.spec();
        String config = new ExperimentWriter().write(spec);
        Files.writeString(dir.file(CONFIG), config, StandardCharsets.UTF_8);
        String configSha = ParameterHash.ofText(config);
        BackendInfo backend = BackendInfo.current();
        Seeds seeds = new Seeds(spec.seed());
        List<EpochMetrics> completed = new ArrayList<>();
        EpochMetrics[] bestSoFar = {null};
        long[] firstBatch = {0};
        List<String> helpers = new ArrayList<>();
        Map<String, Integer> examples = new LinkedHashMap<>();
        Map<String, String> files = new LinkedHashMap<>();
        files.put("config", CONFIG);
        files.put("metrics", METRICS);
        try (MetricsCsvWriter csv = new MetricsCsvWriter(dir.file(METRICS),
                spec.evaluation().stream().map(EvaluationSetSpec::name).toList())) {
            RunData data = RunData.prepare(spec, dataset, seeds);
            examples.put("train", data.train().count());
            examples.put("validation", data.validation() == null ? 0 : data.validation().count());
            examples.put("test", data.test().count());
            CompiledModel model = new NetworkCompiler().compile(spec, summary, seeds.derive("init"),
                    seeds.derive("network"));
            List<TrainingObserver> all = new ArrayList<>();
            all.add(csv);
            all.add(new TrainingObserver() {
                @Override
                public void onBatch(int epoch, int batch, double loss) {
                    if (firstBatch[0] == 0) firstBatch[0] = System.currentTimeMillis();
                }

                @Override
                public void onEpochEnd(EpochMetrics metrics) {
                    completed.add(metrics);
                }

                @Override
                public void onNewBest(EpochMetrics metrics, String monitor, MultiLayerNetwork network) {
                    ModelFile.write(network, dir.file(BEST_MODEL));
                    bestSoFar[0] = metrics;
                    files.put("best_model", BEST_MODEL);
                }
            });
            all.addAll(observers);
            helpers.addAll(layerHelpers(model));
            Trainer.Outcome outcome = new Trainer().train(model.network(), data, spec, seeds, all);
            ModelFile.write(model.network(), dir.file(MODEL));
            files.put("model", MODEL);
            String paramsSha = ParameterHash.of(model.network().params());
            Supplier<RunRecord> done = () -> record(spec, dir, configSha, options, examples, summary, backend, start,
                    startupSeconds(firstBatch[0]), "completed", null, completed, paramsSha, files, helpers,
                    outcome.best(), outcome.stoppedEarlyAt());
            files.putAll(new RunReport().write(dir.path(), spec, data, outcome, done.get(), seeds));
            RunRecord record = done.get();
            record.write(dir.file(RECORD));
            return new Result(dir, outcome, paramsSha, record, model);
        } catch (RuntimeException | IOException | OutOfMemoryError e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            try {
                record(spec, dir, configSha, options, examples, summary, backend, start,
                        startupSeconds(firstBatch[0]), "failed", message, completed, null, files, helpers,
                        bestSoFar[0], null).write(dir.file(RECORD));
            } catch (IOException | RuntimeException ignored) {
                // the original failure is what the user needs to see
            }
            throw new RunFailedException(message, dir, e);
        }
    }

    /**
     * The native helpers DL4J attached to layers (oneDNN on CPU, cuDNN on CUDA), as "layer index: helper". Numbers
     * depend on them (the helper and the built-in path agree to about 1e-7, not bit for bit), so the record says which
     * ran.
     */
    static List<String> layerHelpers(CompiledModel model) {
        List<String> out = new ArrayList<>();
        org.deeplearning4j.nn.api.Layer[] layers = model.network().getLayers();
        for (int i = 0; i < layers.length; i++) {
            if (layers[i].getHelper() != null) out.add(i + ": " + layers[i].getHelper().getClass().getSimpleName());
        }
        return out;
    }

    /** From the JVM's start to the end of the first training step: what a user waits before training moves. */
    private static Double startupSeconds(long firstBatchMillis) {
        if (firstBatchMillis == 0) return null;
        return (firstBatchMillis - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0;
    }

    private static RunRecord record(ExperimentSpec spec, RunDirectory dir, String configSha, Options options,
                                    Map<String, Integer> examples, ModelSummary summary, BackendInfo backend,
                                    ZonedDateTime start, Double startup, String status, String error, List<EpochMetrics> epochs,
                                    String paramsSha, Map<String, String> files, List<String> helpers,
                                    EpochMetrics best, Integer stoppedEarlyAt) {
        return new RunRecord(spec.name(), dir.runId(), spec.description(), configSha, spec.seed(),
                List.copyOf(options.overrides()), spec.dataset().name().yamlName(), new LinkedHashMap<>(examples),
                summary.totalParameters(), backend, BackendInfo.buildProperties().getProperty("version", "unknown"),
                options.gitCommit(), start, ZonedDateTime.now(), startup, status, error, List.copyOf(epochs), paramsSha,
                new LinkedHashMap<>(files), List.copyOf(helpers), spec.checkpoint(), best, spec.earlyStopping(),
                stoppedEarlyAt);
    }
}
