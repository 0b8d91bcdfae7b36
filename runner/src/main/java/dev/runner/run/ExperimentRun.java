package dev.runner.run;

import dev.runner.config.EvaluationSetSpec;
import dev.runner.config.ExperimentSpec;
import dev.runner.config.ExperimentWriter;
import dev.runner.data.LoadedDataset;
import dev.runner.model.CompiledModel;
import dev.runner.report.ConsoleReporter;
import dev.runner.report.ParameterHash;
import dev.runner.report.RunReport;
import dev.runner.results.MetricsCsvWriter;
import dev.runner.results.RunDirectory;
import dev.runner.results.RunLayout;
import dev.runner.results.RunRecord;
import dev.runner.results.RunStatus;
import dev.runner.train.BackendInfo;
import dev.runner.train.EpochMetrics;
import dev.runner.train.RunData;
import dev.runner.train.Seeds;
import dev.runner.train.Trainer;
import dev.runner.train.TrainingObserver;
import dev.runner.train.TrainingPolicies;
import dev.runner.train.TrainingSetup;
import dev.runner.util.AtomicFiles;
import dev.runner.util.Sha256;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One run from a valid experiment to a results folder: {@code config.yaml} first (so even a failed run says what it
 * was), then data, network, training with {@code metrics.csv} written as epochs end (and {@code best_model.zip}
 * rewritten at each new best epoch when the experiment has {@code checkpoint:}), the model file, the report
 * ({@link RunReport}: plots, per-class metrics, report.html), and {@code run.json} last, recording success or the
 * failure. The run and the sweep's point JVM and {@code reproduce} all run experiments through here.
 */
public final class ExperimentRun {
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

    /**
     * What a user watches of a run on {@code out}: one line per epoch, and a progress bar on {@code barStream} when it
     * is a terminal (null: no bar).
     */
    public static TrainingObserver console(PrintWriter out, PrintStream barStream) {
        return new ConsoleReporter(out, barStream);
    }

    /** Into a new folder {@code <results>/<name>/<run-id>/}. */
    public Result execute(PreparedExperiment experiment, LoadedDataset dataset, Options options,
                          List<TrainingObserver> observers) throws IOException, RunFailedException {
        PortableMode.requireInForce(experiment.spec());
        ZonedDateTime start = ZonedDateTime.now();
        return execute(experiment, dataset, options, observers,
                RunDirectory.create(options.resultsRoot(), experiment.spec().name(), start), start);
    }

    /**
     * Into a folder the caller made (a sweep names each point's folder by the hash of its config);
     * {@code options.resultsRoot} is unused.
     */
    public Result execute(PreparedExperiment experiment, LoadedDataset dataset, Options options,
                          List<TrainingObserver> observers, RunDirectory dir) throws IOException, RunFailedException {
        PortableMode.requireInForce(experiment.spec());
        return execute(experiment, dataset, options, observers, dir, ZonedDateTime.now());
    }

    private Result execute(PreparedExperiment experiment, LoadedDataset dataset, Options options,
                           List<TrainingObserver> observers, RunDirectory dir, ZonedDateTime start)
            throws IOException, RunFailedException {
        ExperimentSpec spec = experiment.spec();
        String config = new ExperimentWriter().write(spec);
        AtomicFiles.writeString(dir.file(RunLayout.CONFIG), config);
        Provenance provenance = new Provenance(experiment, dir, Sha256.ofText(config), options,
                BackendInfo.current(), start);
        Seeds seeds = new Seeds(spec.seed());
        RunProgress progress = new RunProgress();
        progress.wrote("config", RunLayout.CONFIG);
        progress.wrote("metrics", RunLayout.METRICS);
        try (MetricsCsvWriter csv = new MetricsCsvWriter(dir.file(RunLayout.METRICS),
                spec.evaluation().stream().map(EvaluationSetSpec::name).toList())) {
            RunData data = RunData.prepare(spec, dataset, seeds);
            progress.dataPrepared(data);
            CompiledModel model = TrainingSetup.compile(spec, experiment.summary(), seeds);
            List<TrainingObserver> all = new ArrayList<>();
            all.add(csv);
            if (spec.checkpoint() != null) all.add(new CheckpointWriter(model.network(), dir.file(RunLayout.BEST_MODEL)));
            all.add(progress);
            all.addAll(observers);
            progress.layerHelpers(layerHelpers(model));
            TrainingPolicies policies = TrainingPolicies.of(spec);
            Trainer.Outcome outcome = new Trainer().train(model.network(), data, spec, seeds, all,
                    policies.listeners());
            CheckpointWriter.writeModel(model.network(), dir.file(RunLayout.MODEL));
            progress.wrote("model", RunLayout.MODEL);
            String paramsSha = ParameterHash.of(model.network().params());
            Map<String, String> files = progress.files();
            files.putAll(RunReport.files());
            RunRecord record = provenance.record(RunStatus.COMPLETED, null, progress, paramsSha, files,
                    policies.bestEpoch(), outcome.stoppedEarlyAt());
            new RunReport().write(dir.path(), spec, data, outcome, record, seeds);
            record.write(dir.file(RunLayout.RECORD));
            return new Result(dir, outcome, paramsSha, record, model);
        } catch (RuntimeException | IOException | OutOfMemoryError e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            try {
                provenance.record(RunStatus.FAILED, message, progress, null, progress.files(), progress.bestKept(), null)
                        .write(dir.file(RunLayout.RECORD));
            } catch (IOException | RuntimeException ignored) {
                // the original failure is what the user needs to see
            }
            throw new RunFailedException(message, dir, e);
        }
    }

    /** What a run is and where it ran, fixed before it starts; with its progress, the run's record. */
    private record Provenance(PreparedExperiment experiment, RunDirectory dir, String configSha256, Options options,
                              BackendInfo backend, ZonedDateTime start) {

        RunRecord record(RunStatus status, String error, RunProgress progress, String paramsSha256,
                         Map<String, String> files, EpochMetrics best, Integer stoppedEarlyAt) {
            ExperimentSpec spec = experiment.spec();
            return new RunRecord(spec.name(), dir.runId(), spec.description(), configSha256, spec.seed(),
                    List.copyOf(options.overrides()), spec.dataset().name().yamlName(), progress.examples(),
                    experiment.summary().totalParameters(), backend,
                    BackendInfo.buildProperties().getProperty("version", "unknown"), options.gitCommit(), start,
                    ZonedDateTime.now(), progress.secondsToFirstBatch(), status, error, progress.completed(),
                    paramsSha256, files, progress.layerHelpers(), spec.checkpoint(), best, spec.earlyStopping(),
                    stoppedEarlyAt);
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
}
