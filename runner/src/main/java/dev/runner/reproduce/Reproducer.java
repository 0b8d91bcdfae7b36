package dev.runner.reproduce;

import dev.runner.config.ExperimentLoader;
import dev.runner.config.EvaluationSetSpec;
import dev.runner.config.ExperimentSpec;
import dev.runner.config.InvalidExperimentException;
import dev.runner.config.LoadedExperiment;
import dev.runner.config.ReferenceSpec;
import dev.runner.data.DataException;
import dev.runner.data.LoadedDataset;
import dev.runner.run.Datasets;
import dev.runner.run.ExperimentRun;
import dev.runner.run.PreparedExperiment;
import dev.runner.util.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs tutorial experiments, each with several seeds, and tabulates their test accuracy beside the figures of their
 * {@code reference:} blocks. Every run is an ordinary run ({@link ExperimentRun}) with its own results folder; the
 * seeds are {@code --set seed=...} overrides, so a run's {@code config.yaml} repeats it.
 */
public final class Reproducer {
    /** The overrides of {@code --quick}: one epoch on a slice, for a smoke test. */
    public static final List<String> QUICK = List.of("training.epochs=1", "dataset.train_limit=2000",
            "dataset.validation_limit=500", "dataset.test_limit=1000");
    public static final String MARKDOWN = "reproduction.md";
    public static final String CSV = "reproduction.csv";

    /**
     * @param seeds      runs per experiment, with seeds seed, seed+1, ...
     * @param quick      apply {@link #QUICK} first
     * @param overrides  further {@code --set} overrides for every experiment (after the quick ones, so they win)
     * @param dataDir    where the datasets are (fetched there when missing)
     * @param resultsDir root of the run folders and of the table files
     * @param runnerHome the checkout, for the dataset fetcher; may be null
     * @param gitCommit  recorded in each run; may be null
     */
    public record Options(int seeds, boolean quick, List<String> overrides, Path dataDir, Path resultsDir,
                          Path runnerHome, String gitCommit) {
    }

    /** What a reproduction produced: the table and where it was written. */
    public record Outcome(ReproductionTable table, Path markdown, Path csv) {
    }

    /** An experiment could not be run; the message says which and why. */
    public static final class ReproductionException extends Exception {
        private final boolean invalid;

        ReproductionException(String message, boolean invalid, Throwable cause) {
            super(message, cause);
            this.invalid = invalid;
        }

        /** True when an experiment file is invalid (exit 2), false for failures while running (exit 1). */
        public boolean invalid() {
            return invalid;
        }
    }

    private final Options options;
    private final PrintWriter out;
    private final Datasets datasets;

    public Reproducer(Options options, PrintWriter out, PrintWriter err) {
        this.options = options;
        this.out = out;
        this.datasets = new Datasets(options.dataDir(), options.runnerHome(), err);
    }

    /** The experiment files named by {@code paths}: files as given, directories' {@code *.yaml} sorted by name. */
    public static List<Path> experimentFiles(List<Path> paths) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    files.addAll(s.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList());
                }
            } else {
                files.add(p);
            }
        }
        return files;
    }

    /** The overrides of one run: quick ones, the user's, then the seed. */
    List<String> overridesFor(long seed) {
        List<String> all = new ArrayList<>();
        if (options.quick()) all.addAll(QUICK);
        all.addAll(options.overrides());
        all.add("seed=" + seed);
        return all;
    }

    public Outcome run(List<Path> files) throws ReproductionException, IOException {
        long start = System.nanoTime();
        List<ReproductionRow> rows = new ArrayList<>();
        try (ExperimentLoader loader = new ExperimentLoader()) {
            // Every file is checked before anything trains: an invalid last file should not cost an hour.
            List<LoadedExperiment> firsts = new ArrayList<>();
            for (Path file : files) firsts.add(load(loader, file, null));
            for (int i = 0; i < files.size(); i++) {
                rows.addAll(runOne(loader, files.get(i), firsts.get(i).spec()));
            }
        }
        double total = (System.nanoTime() - start) / 1e9;
        List<String> shown = new ArrayList<>(options.quick() ? QUICK : List.of());
        shown.addAll(options.overrides());
        ReproductionTable table = new ReproductionTable(rows,
                new ReproductionTable.Context(options.seeds(), options.quick(), shown, total));
        Files.createDirectories(options.resultsDir());
        Path md = options.resultsDir().resolve(MARKDOWN);
        Path csv = options.resultsDir().resolve(CSV);
        AtomicFiles.writeString(md, table.markdown());
        AtomicFiles.writeString(csv, table.csv());
        return new Outcome(table, md, csv);
    }

    private LoadedExperiment load(ExperimentLoader loader, Path file, Long seed) throws ReproductionException {
        try {
            List<String> overrides = new ArrayList<>(overridesFor(0));
            overrides.remove(overrides.size() - 1); // the seed as written, unless one is given
            if (seed != null) overrides.add("seed=" + seed);
            return loader.load(file, overrides);
        } catch (InvalidExperimentException e) {
            throw new ReproductionException(e.render(), true, e);
        } catch (RuntimeException e) {
            throw new ReproductionException(file + ": " + e.getMessage(), true, e);
        }
    }

    /**
     * The experiment's row, then one per extra evaluation set (its figures are the reference block's
     * {@code <set>_accuracy} and {@code pytorch_cpu_<set>_accuracy}).
     */
    private List<ReproductionRow> runOne(ExperimentLoader loader, Path file, ExperimentSpec written)
            throws ReproductionException, IOException {
        long start = System.nanoTime();
        List<Double> accuracies = new ArrayList<>();
        Map<EvaluationSetSpec, List<Double>> setAccuracies = new LinkedHashMap<>();
        written.evaluation().forEach(set -> setAccuracies.put(set, new ArrayList<>()));
        int epochs = 0;
        int trainImages = 0;
        for (int k = 0; k < options.seeds(); k++) {
            long seed = written.seed() + k;
            PreparedExperiment experiment;
            try {
                experiment = PreparedExperiment.of(load(loader, file, seed));
            } catch (InvalidExperimentException e) {
                throw new ReproductionException(e.render(), true, e);
            }
            ExperimentSpec spec = experiment.spec();
            out.printf(Locale.ROOT, "== %s, seed %d (%d of %d): %,d parameters%n", file, seed, k + 1,
                    options.seeds(), experiment.summary().totalParameters());
            out.flush();
            LoadedDataset dataset = dataset(spec);
            ExperimentRun.Result result;
            try {
                result = new ExperimentRun().execute(experiment, dataset,
                        new ExperimentRun.Options(options.resultsDir(), overridesFor(seed), options.gitCommit()),
                        List.of(ExperimentRun.console(out, null)));
            } catch (ExperimentRun.RunFailedException e) {
                throw new ReproductionException(file + " (seed " + seed + "): " + e.getMessage()
                        + " (" + e.whereRecorded() + ")", false, e);
            }
            accuracies.add(result.outcome().last().testAccuracy());
            for (Map.Entry<EvaluationSetSpec, List<Double>> e : setAccuracies.entrySet()) {
                e.getValue().add(result.outcome().last().value(e.getKey().accuracyColumn()));
            }
            epochs = result.outcome().epochs().size();
            trainImages = result.record().examples().getOrDefault("train", 0);
            out.printf(Locale.ROOT, "   test accuracy %.4f (%s)%n", result.outcome().last().testAccuracy(),
                    result.directory().path());
            out.flush();
        }
        ReferenceSpec ref = written.reference();
        ExperimentSpec asWritten = asWritten(loader, file, written);
        int fileEpochs = asWritten.training().epochs();
        boolean subset = !java.util.Objects.equals(asWritten.dataset(), written.dataset());
        String tutorial = ref != null && ref.tutorial() != null ? ref.tutorial() : written.name();
        String model = ref != null && ref.model() != null ? ref.model()
                : written.description().isBlank() ? written.name() : written.description();
        // Fewer epochs than the file's (--set training.epochs=2 on a slow machine): compare with the figures at
        // that epoch, when the reference block has them (test_accuracy_epoch2, pytorch_cpu_test_accuracy_epoch2).
        // Not for --quick, which judges nothing.
        String suffix = epochs == fileEpochs || options.quick() ? "" : "_epoch" + epochs;
        Double published = ref == null ? null : ref.figure("test_accuracy" + suffix);
        Double pytorch = ref == null ? null : ref.figure("pytorch_cpu_test_accuracy" + suffix);
        String note = ref == null ? null : ref.note();
        if (!suffix.isEmpty()) {
            String at = String.format(Locale.ROOT, "%d of the file's %d epochs; reference figures at epoch %d%s",
                    epochs, fileEpochs, epochs, published == null && pytorch == null ? " (none recorded)" : "");
            note = note == null ? at : at + "; " + note;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<ReproductionRow> rows = new ArrayList<>();
        rows.add(new ReproductionRow(file.toString(), tutorial, model, published, pytorch, accuracies, epochs,
                trainImages, seconds, note, subset));
        for (Map.Entry<EvaluationSetSpec, List<Double>> e : setAccuracies.entrySet()) {
            EvaluationSetSpec set = e.getKey();
            String column = set.accuracyColumn();
            String setNote = "extra evaluation set '" + set.name() + "' (" + set.split().yamlName() + " split), "
                    + "same runs as the row above" + (suffix.isEmpty() ? "" : "; " + epochs + " of "
                    + fileEpochs + " epochs");
            rows.add(new ReproductionRow(file.toString(), tutorial, model + ", " + set.name(),
                    ref == null ? null : ref.figure(column + suffix),
                    ref == null ? null : ref.figure("pytorch_cpu_" + column + suffix),
                    e.getValue(), epochs, trainImages, seconds, setNote, subset));
        }
        return rows;
    }

    /** The experiment as the file itself says, before any override. */
    private static ExperimentSpec asWritten(ExperimentLoader loader, Path file, ExperimentSpec fallback) {
        try {
            return loader.load(file, List.of()).spec();
        } catch (InvalidExperimentException | RuntimeException e) {
            return fallback;
        }
    }

    private LoadedDataset dataset(ExperimentSpec spec) throws ReproductionException {
        try {
            return datasets.load(spec.dataset().name());
        } catch (DataException e) {
            throw new ReproductionException(e.getMessage(), false, e);
        }
    }
}
