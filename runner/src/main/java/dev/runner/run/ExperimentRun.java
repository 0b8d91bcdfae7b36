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
import dev.runner.results.Execution;
import dev.runner.results.RunDirectory;
import dev.runner.results.RunLayout;
import dev.runner.results.RunRecord;
import dev.runner.results.RunStatus;
import dev.runner.train.BackendInfo;
import dev.runner.train.EpochListener;
import dev.runner.train.EpochMetrics;
import dev.runner.train.RunData;
import dev.runner.train.Seeds;
import dev.runner.train.Trainer;
import dev.runner.train.TrainingDivergedException;
import dev.runner.train.TrainingObserver;
import dev.runner.train.TrainingPolicies;
import dev.runner.train.TrainingState;
import dev.runner.train.TrainingSetup;
import dev.runner.util.AtomicFiles;
import dev.runner.util.IoErrors;
import dev.runner.util.Sha256;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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

    /**
     * The run failed after the results folder was made; the message says what failed (training, or writing which
     * file) and the folder holds a {@code run.json} saying so when it could be written ({@link #recordUnwritten}).
     */
    public static class RunFailedException extends Exception {
        private final RunDirectory directory;

        private final String recordUnwritten;

        RunFailedException(String message, RunDirectory directory, Throwable cause, String recordUnwritten) {
            super(message, cause);
            this.directory = directory;
            this.recordUnwritten = recordUnwritten;
        }

        /** Why run.json could not be written either; null when it says that the run failed and why. */
        public String recordUnwritten() {
            return recordUnwritten;
        }

        /** Where the user finds what is left of the run: "record in DIR", or that there is no record. */
        public String whereRecorded() {
            return recordUnwritten == null ? "record in " + directory.path()
                    : "no run.json either: " + recordUnwritten + "; folder " + directory.path();
        }

        public RunDirectory directory() {
            return directory;
        }
    }

    /**
     * The saved state of a run to resume proved unusable once its network was read (it does not load, or does not
     * fit the config's network); the folder is left as it was, no record written.
     */
    public static final class ResumeStateException extends RunFailedException {
        ResumeStateException(String message, RunDirectory directory, Throwable cause) {
            super(message, directory, cause, null);
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
                RunDirectory.create(options.resultsRoot(), experiment.spec().name(), start), start, null, null);
    }

    /**
     * Into a folder the caller made (a sweep names each point's folder by the hash of its config);
     * {@code options.resultsRoot} is unused.
     */
    public Result execute(PreparedExperiment experiment, LoadedDataset dataset, Options options,
                          List<TrainingObserver> observers, RunDirectory dir) throws IOException, RunFailedException {
        PortableMode.requireInForce(experiment.spec());
        return execute(experiment, dataset, options, observers, dir, ZonedDateTime.now(), null, null);
    }

    /**
     * A policy from outside the experiment (a sweep's pruning) that may end training; when it did, the run is
     * recorded with {@link RunStatus#PRUNED}, not completed.
     */
    public interface Pruner extends EpochListener {
        boolean pruned();
    }

    /** As {@link #execute(PreparedExperiment, LoadedDataset, Options, List, RunDirectory)}, with a pruner. */
    public Result execute(PreparedExperiment experiment, LoadedDataset dataset, Options options,
                          List<TrainingObserver> observers, RunDirectory dir, Pruner pruner)
            throws IOException, RunFailedException {
        PortableMode.requireInForce(experiment.spec());
        return execute(experiment, dataset, options, observers, dir, ZonedDateTime.now(), null, pruner);
    }

    /**
     * Goes on with an interrupted run in its own folder, from the last epoch it kept a state after, to the same end
     * as had it never stopped: the same parameters and metrics. Its overrides, commit and start time are the run's
     * own, from the state; {@code run.json} says it was resumed and from which epoch.
     */
    public Result resume(Resumption resumption, LoadedDataset dataset, List<TrainingObserver> observers)
            throws IOException, RunFailedException {
        return resume(resumption, dataset, observers, null);
    }

    /** As {@link #resume(Resumption, LoadedDataset, List)}, a sweep point's, with its sweep's pruner (or null). */
    public Result resume(Resumption resumption, LoadedDataset dataset, List<TrainingObserver> observers,
                         Pruner pruner) throws IOException, RunFailedException {
        PortableMode.requireInForce(resumption.experiment().spec());
        ResumeFile.Saved saved = resumption.saved();
        return execute(resumption.experiment(), dataset, new Options(resumption.directory().path().getParent(),
                saved.overrides(), saved.gitCommit()), observers, resumption.directory(), saved.startedAt(), saved,
                pruner);
    }

    /**
     * @param resumed null for a new run; else the state it goes on from (its config.yaml is already there)
     * @param pruner  null, or a sweep's policy that may end training early as pruned
     */
    private Result execute(PreparedExperiment experiment, LoadedDataset dataset, Options options,
                           List<TrainingObserver> observers, RunDirectory dir, ZonedDateTime start,
                           ResumeFile.Saved resumed, Pruner pruner) throws IOException, RunFailedException {
        ExperimentSpec spec = experiment.spec();
        String config = new ExperimentWriter().write(spec);
        if (resumed == null) AtomicFiles.writeString(dir.file(RunLayout.CONFIG), config);
        Provenance provenance = new Provenance(experiment, dir, Sha256.ofText(config), options,
                BackendInfo.current(), start, resumed == null ? null : resumed.epoch());
        Seeds seeds = new Seeds(spec.seed());
        RunProgress progress = new RunProgress();
        progress.wrote("config", RunLayout.CONFIG);
        progress.wrote("metrics", RunLayout.METRICS);
        List<EpochMetrics> earlier = resumed == null ? List.of() : resumed.training().history();
        List<String> extraSets = spec.evaluation().stream().map(EvaluationSetSpec::name).toList();
        try {
            // A resumed run's folder is left as it is until its state has proved sound.
            MetricsCsvWriter csv = resumed == null ? new MetricsCsvWriter(dir.file(RunLayout.METRICS), extraSets)
                    : null;
            RunData data = RunData.prepare(spec, dataset, seeds);
            progress.dataPrepared(data);
            CompiledModel model = TrainingSetup.compile(spec, experiment.summary(), seeds);
            TrainingPolicies policies = TrainingPolicies.of(spec);
            if (resumed != null) {
                try {
                    ResumeFile.restoreInto(resumed, model.network());
                    policies.restore(resumed.trackers(), earlier);
                } catch (ResumeFile.DamagedException | IllegalArgumentException e) {
                    throw new ResumeStateException(Resumption.damaged(dir.path(), e.getMessage(), e).getMessage(),
                            dir, e);
                }
                progress.resumed(earlier, policies.bestEpoch());
                csv = new MetricsCsvWriter(dir.file(RunLayout.METRICS), extraSets, earlier);
            }
            List<TrainingObserver> all = new ArrayList<>();
            all.add(csv);
            if (spec.checkpoint() != null) all.add(new CheckpointWriter(model.network(), dir.file(RunLayout.BEST_MODEL)));
            all.add(progress);
            all.addAll(observers);
            progress.layerHelpers(layerHelpers(model));
            List<EpochListener> listeners = new ArrayList<>(policies.listeners());
            if (pruner != null) listeners.add(pruner);
            Path stateFile = dir.file(RunLayout.RESUME);
            TrainingState.Keeper keeper = (network, state) -> {
                try {
                    ResumeFile.write(stateFile, ResumeFile.of(network, state, policies.trackers(),
                            provenance.configSha256(), spec.training().epochs(), start, options.overrides(),
                            options.gitCommit()));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write " + stateFile + ": " + e.getMessage(), e);
                }
            };
            Trainer.Outcome outcome;
            try {
                outcome = new Trainer().train(model.network(), data, spec, seeds, all, listeners,
                        resumed == null ? null : resumed.training(), keeper);
            } catch (TrainingDivergedException e) {
                throw failed(e.getMessage(), e, provenance, progress, dir,
                        record -> {
                            // the epochs that finished keep their report; a diverged model is not worth a file
                            if (e.finished() != null) new RunReport().write(dir.path(), spec, data, e.finished(),
                                    record, seeds);
                        });
            }
            CheckpointWriter.writeModel(model.network(), dir.file(RunLayout.MODEL));
            progress.wrote("model", RunLayout.MODEL);
            String paramsSha = ParameterHash.of(model.network().params());
            Map<String, String> files = progress.files();
            files.putAll(RunReport.files());
            RunStatus status = pruner != null && pruner.pruned() ? RunStatus.PRUNED : RunStatus.COMPLETED;
            RunRecord record = provenance.record(status, null, progress, paramsSha, files,
                    policies.bestEpoch(), status == RunStatus.PRUNED ? null : outcome.stoppedEarlyAt());
            new RunReport().write(dir.path(), spec, data, outcome, record, seeds);
            record.write(dir.file(RunLayout.RECORD));
            // A completed run is not resumed; its state (the network with its optimizer moments) only takes room.
            Files.deleteIfExists(stateFile);
            return new Result(dir, outcome, paramsSha, record, model);
        } catch (ResumeStateException e) {
            throw e;
        } catch (RuntimeException | IOException | OutOfMemoryError e) {
            throw failed(describe(e, dir), e, provenance, progress, dir, record -> { });
        }
    }

    /** Writes what can be kept of a failed run, then the failed record; the exception says what of it was written. */
    private static RunFailedException failed(String message, Throwable cause, Provenance provenance,
                                             RunProgress progress, RunDirectory dir, KeptFiles kept) {
        RunRecord record = provenance.record(RunStatus.FAILED, message, progress, null, progress.files(),
                progress.bestKept(), null);
        String unwritten = null;
        try {
            kept.write(record);
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
        try {
            Map<String, String> files = progress.files();
            if (Files.isRegularFile(dir.file(RunLayout.REPORT))) files.putAll(RunReport.files());
            provenance.record(RunStatus.FAILED, message, progress, null, files, progress.bestKept(), null)
                    .write(dir.file(RunLayout.RECORD));
        } catch (IOException | RuntimeException e) {
            // the original failure is what the user needs to see; that the record is missing comes second
            unwritten = describe(e, dir);
            cause.addSuppressed(e);
        }
        return new RunFailedException(message, dir, cause, unwritten);
    }

    @FunctionalInterface
    private interface KeptFiles {
        void write(RunRecord failedRecord) throws IOException;
    }

    /**
     * What failed, for the user and run.json: "cannot write model.zip: No space left on device" when an output
     * could not be written, never "training failed" for a run whose training finished; where training diverged; the
     * path is relative to the run folder, which the message around it names.
     */
    static String describe(Throwable e, RunDirectory dir) {
        if (e instanceof java.io.UncheckedIOException u && u.getCause() != null) return describe(u.getCause(), dir);
        if (e instanceof AtomicFiles.WriteFailedException w) {
            Path file = w.file();
            String name = file.startsWith(dir.path()) ? dir.path().relativize(file).toString() : file.toString();
            return "cannot write " + name + ": " + w.reason();
        }
        if (e instanceof TrainingDivergedException) return e.getMessage();
        if (e instanceof java.nio.file.FileSystemException f) {
            String file = f.getFile() == null ? "" : Path.of(f.getFile()).startsWith(dir.path())
                    ? dir.path().relativize(Path.of(f.getFile())) + ": " : f.getFile() + ": ";
            return file + IoErrors.reason(f);
        }
        if (e instanceof IOException) return IoErrors.reason(e);
        if (e instanceof OutOfMemoryError) return "out of memory (" + e.getMessage() + ")";
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** What a run is and where it ran, fixed before it starts; with its progress, the run's record. */
    private record Provenance(PreparedExperiment experiment, RunDirectory dir, String configSha256, Options options,
                              BackendInfo backend, ZonedDateTime start, Integer resumedFromEpoch) {

        RunRecord record(RunStatus status, String error, RunProgress progress, String paramsSha256,
                         Map<String, String> files, EpochMetrics best, Integer stoppedEarlyAt) {
            ExperimentSpec spec = experiment.spec();
            return new RunRecord(spec.name(), dir.runId(), spec.description(), configSha256, spec.seed(),
                    List.copyOf(options.overrides()), spec.dataset().name().yamlName(), progress.examples(),
                    experiment.summary().totalParameters(), backend,
                    BackendInfo.buildProperties().getProperty("version", "unknown"), options.gitCommit(), start,
                    ZonedDateTime.now(), progress.secondsToFirstBatch(), status, error, progress.completed(),
                    paramsSha256, files, progress.layerHelpers(), spec.checkpoint(), best, spec.earlyStopping(),
                    stoppedEarlyAt, Execution.current(), resumedFromEpoch);
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
