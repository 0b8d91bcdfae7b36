package dev.runner.run;

import dev.runner.config.EvaluationSetSpec;
import dev.runner.config.ExperimentSpec;
import dev.runner.config.InvalidExperimentException;
import dev.runner.results.RunLayout;
import dev.runner.results.RunRecord;
import dev.runner.train.Seeds;
import dev.runner.train.TrainingSetup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * A finished run folder opened for using its model: its resolved {@code config.yaml} (the experiment exactly as it
 * ran, so data prepared from it is the run's data), its {@code run.json} when readable, and its model files. Nothing
 * here writes into the folder.
 *
 * <p>{@code --set} overrides apply to the run's config, and only under {@code evaluation}: new or changed evaluation
 * sets are what makes sense for a trained model. Any other key (the seed, the split, the limits, the model) would
 * describe data or a network the model was not trained with, so the figures would say nothing about this run.
 */
public final class SavedRun {

    /** Which of the run's model files. */
    public enum Model {
        FINAL("final", RunLayout.MODEL), BEST("best", RunLayout.BEST_MODEL);

        private final String word;
        private final String file;

        Model(String word, String file) {
            this.word = word;
            this.file = file;
        }

        /** {@code final} or {@code best}, as the command line and evaluation folders name it. */
        public String word() {
            return word;
        }

        public String file() {
            return file;
        }

        /** The model named {@code word}, or null. */
        public static Model of(String word) {
            for (Model m : values()) {
                if (m.word.equals(word)) return m;
            }
            return null;
        }
    }

    /** The folder cannot serve the request (not a run, no such model or set, a key not allowed): a usage error. */
    public static final class UnusableRunException extends Exception {
        UnusableRunException(String message) {
            super(message);
        }
    }

    /** A model file that is there but does not load. */
    public static final class UnreadableModelException extends Exception {
        UnreadableModelException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The set names that are the run's own splits, as metrics.csv prefixes their columns. */
    public static final String TEST = "test";
    public static final String VALIDATION = "val";

    private final Path dir;
    private final PreparedExperiment experiment;
    private final ExperimentSpec asRun;
    private final RunRecord.Stored record;
    private final List<String> overrides;

    private SavedRun(Path dir, PreparedExperiment experiment, ExperimentSpec asRun, RunRecord.Stored record,
                     List<String> overrides) {
        this.dir = dir;
        this.experiment = experiment;
        this.asRun = asRun;
        this.record = record;
        this.overrides = List.copyOf(overrides);
    }

    /** Opens {@code dir}; {@code overrides} are {@code --set} assignments under {@code evaluation}. */
    public static SavedRun open(Path dir, List<String> overrides) throws UnusableRunException,
            InvalidExperimentException {
        if (!Files.isDirectory(dir)) throw new UnusableRunException("no such run folder: " + dir);
        Path config = dir.resolve(RunLayout.CONFIG);
        if (!Files.isRegularFile(config)) {
            throw new UnusableRunException(dir + " is not a run folder: it has no " + RunLayout.CONFIG
                    + " (give results/<name>/<run-id>)");
        }
        for (String o : overrides) {
            String path = o.contains("=") ? o.substring(0, o.indexOf('=')).strip() : o.strip();
            if (!path.equals("evaluation") && !path.startsWith("evaluation.")) {
                throw new UnusableRunException("--set " + o + ": only evaluation sets can be set here (e.g. --set "
                        + "'evaluation.rotated_test={split: test, transforms: [{random_rotation: 25}]}'); other keys "
                        + "would change the data or the network the model was trained with");
            }
        }
        PreparedExperiment experiment = PreparedExperiment.load(config, overrides);
        ExperimentSpec asRun = overrides.isEmpty() ? experiment.spec()
                : PreparedExperiment.load(config, List.of()).spec();
        RunRecord.Stored record = null;
        Path json = dir.resolve(RunLayout.RECORD);
        if (Files.isRegularFile(json)) {
            try {
                record = RunRecord.read(json);
            } catch (IOException e) {
                // the model and config are what evaluate needs; without the record there is only nothing to compare
            }
        }
        return new SavedRun(dir, experiment, asRun, record, overrides);
    }

    public Path dir() {
        return dir;
    }

    public ExperimentSpec spec() {
        return experiment.spec();
    }

    public PreparedExperiment experiment() {
        return experiment;
    }

    /** What run.json says, or null when the folder has none that reads. */
    public RunRecord.Stored record() {
        return record;
    }

    public List<String> overrides() {
        return overrides;
    }

    /** Whether the run itself evaluated set {@code name} as it is now defined (so run.json has its figures). */
    boolean evaluatedByRun(String name) {
        if (name.equals(TEST) || name.equals(VALIDATION)) return true;
        EvaluationSetSpec now = evaluationSet(spec(), name);
        return now != null && now.equals(evaluationSet(asRun, name));
    }

    static EvaluationSetSpec evaluationSet(ExperimentSpec spec, String name) {
        for (EvaluationSetSpec s : spec.evaluation()) {
            if (s.name().equals(name)) return s;
        }
        return null;
    }

    /** Refuses set names that are neither the run's test or validation split nor one of its evaluation sets. */
    public void checkSets(List<String> names) throws UnusableRunException {
        List<String> valid = new ArrayList<>(List.of(TEST, VALIDATION));
        spec().evaluation().forEach(s -> valid.add(s.name()));
        for (String name : names) {
            if (!valid.contains(name)) {
                throw new UnusableRunException("no evaluation set '" + name + "' in " + dir.resolve(RunLayout.CONFIG)
                        + "; valid: " + String.join(", ", valid) + " (add one with --set 'evaluation." + name
                        + "={split: test, transforms: [...]}')");
            }
            if (name.equals(VALIDATION) && spec().dataset().validationSplit() == 0) {
                throw new UnusableRunException("the run has no validation split (dataset.validation_split is 0), so "
                        + "there is no set 'val'");
            }
        }
    }

    /** The model file, refused with a clear message when the run does not have it. */
    public Path modelFile(Model model) throws UnusableRunException {
        Path file = dir.resolve(model.file());
        if (Files.isRegularFile(file)) return file;
        if (model == Model.BEST && spec().checkpoint() == null) {
            throw new UnusableRunException("the run " + dir + " has no best model: its experiment has no checkpoint: "
                    + "section, so only " + RunLayout.MODEL + " was kept (use --model final)");
        }
        throw new UnusableRunException("the run " + dir + " has no " + model.file()
                + (model == Model.FINAL ? " (did it complete? see its run.json)" : ""));
    }

    /**
     * The network in {@code model}'s file, checked against the config: as many parameter values as the network the
     * config describes.
     */
    MultiLayerNetwork network(Model model) throws UnusableRunException, UnreadableModelException {
        Path file = modelFile(model);
        MultiLayerNetwork network;
        try {
            network = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false);
        } catch (IOException | RuntimeException e) {
            throw new UnreadableModelException("cannot read " + file + ": " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
        // Counted as the file counts them (batch norm's running statistics included), from the network the config
        // compiles to.
        long expected = TrainingSetup.compile(spec(), experiment.summary(), new Seeds(spec().seed())).network()
                .numParams();
        if (network.numParams() != expected) {
            throw new UnreadableModelException(String.format(Locale.ROOT,
                    "%s holds %,d parameter values but the model in %s has %,d: the file is not this run's model",
                    file, network.numParams(), RunLayout.CONFIG, expected), null);
        }
        return network;
    }
}
