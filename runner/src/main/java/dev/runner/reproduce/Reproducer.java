package dev.runner.reproduce;

import dev.runner.config.ExperimentLoader;
import dev.runner.config.EvaluationSetSpec;
import dev.runner.config.ExperimentSpec;
import dev.runner.config.InvalidExperimentException;
import dev.runner.config.LoadedExperiment;
import dev.runner.config.ReferenceSpec;
import dev.runner.results.RunLayout;
import dev.runner.results.RunRecord;
import dev.runner.results.RunStatus;
import dev.runner.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Plans the runs of a reproduction (tutorial experiments, each with several seeds) and tabulates their test accuracy
 * beside the figures of their {@code reference:} blocks. Each run is an ordinary run with its own folder, trained by
 * whoever the caller gives the plan to (a sweep's executors: child JVMs here, or a Slurm array); the seeds are
 * {@code --set seed=...} overrides, so a run's {@code config.yaml} repeats it.
 */
public final class Reproducer {
    /** The overrides of {@code --quick}: one epoch on a slice, for a smoke test. */
    public static final List<String> QUICK = List.of("training.epochs=1", "dataset.train_limit=2000",
            "dataset.validation_limit=500", "dataset.test_limit=1000");
    public static final String MARKDOWN = "reproduction.md";
    public static final String CSV = "reproduction.csv";
    /** The folder, under the results root, of the reproduction's runs. */
    public static final String RUNS = "reproduction";

    /**
     * @param seeds      runs per experiment, with seeds seed, seed+1, ...
     * @param quick      apply {@link #QUICK} first
     * @param overrides  further {@code --set} overrides for every experiment (after the quick ones, so they win)
     * @param resultsDir root of the run folders and of the table files
     */
    public record Options(int seeds, boolean quick, List<String> overrides, Path resultsDir) {
    }

    /** One run of the reproduction: an experiment file with one seed, loaded with the overrides it runs with. */
    public record PlannedRun(Path file, long seed, LoadedExperiment experiment, List<String> overrides) {
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

    public Reproducer(Options options) {
        this.options = options;
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

    /**
     * Every run, file by file and seed by seed, each loaded and checked; every file is checked before anything
     * trains, since an invalid last file should not cost an hour.
     */
    public List<PlannedRun> plan(List<Path> files) throws ReproductionException {
        List<PlannedRun> runs = new ArrayList<>();
        try (ExperimentLoader loader = new ExperimentLoader()) {
            List<LoadedExperiment> firsts = new ArrayList<>();
            for (Path file : files) firsts.add(load(loader, file, null));
            for (int i = 0; i < files.size(); i++) {
                long first = firsts.get(i).spec().seed();
                for (int k = 0; k < options.seeds(); k++) {
                    runs.add(new PlannedRun(files.get(i), first + k, load(loader, files.get(i), first + k),
                            List.copyOf(overridesFor(first + k))));
                }
            }
        }
        return runs;
    }

    /**
     * The table of the planned runs, all trained, read from their folders ({@code folderOf}), and written as
     * {@link #MARKDOWN} and {@link #CSV} in the results folder.
     *
     * @param seconds the wall time of the whole reproduction
     */
    public Outcome tabulate(List<PlannedRun> runs, Function<PlannedRun, Path> folderOf, double seconds)
            throws ReproductionException, IOException {
        List<ReproductionRow> rows = new ArrayList<>();
        Map<Path, List<PlannedRun>> byFile = new LinkedHashMap<>();
        runs.forEach(r -> byFile.computeIfAbsent(r.file(), f -> new ArrayList<>()).add(r));
        try (ExperimentLoader loader = new ExperimentLoader()) {
            for (Map.Entry<Path, List<PlannedRun>> e : byFile.entrySet()) {
                List<RunRecord.Stored> records = new ArrayList<>();
                for (PlannedRun r : e.getValue()) records.add(record(r, folderOf.apply(r)));
                rows.addAll(rowsOf(loader, e.getKey(), e.getValue().get(0).experiment().spec(), records));
            }
        }
        List<String> shown = new ArrayList<>(options.quick() ? QUICK : List.of());
        shown.addAll(options.overrides());
        ReproductionTable table = new ReproductionTable(rows,
                new ReproductionTable.Context(options.seeds(), options.quick(), shown, seconds));
        Files.createDirectories(options.resultsDir());
        Path md = options.resultsDir().resolve(MARKDOWN);
        Path csv = options.resultsDir().resolve(CSV);
        AtomicFiles.writeString(md, table.markdown());
        AtomicFiles.writeString(csv, table.csv());
        return new Outcome(table, md, csv);
    }

    private static RunRecord.Stored record(PlannedRun run, Path folder) throws ReproductionException {
        String which = run.file() + " (seed " + run.seed() + ", " + folder + ")";
        RunRecord.Stored stored;
        try {
            stored = RunRecord.read(folder.resolve(RunLayout.RECORD));
        } catch (IOException e) {
            throw new ReproductionException(which + ": " + e.getMessage(), false, e);
        }
        if (!stored.is(RunStatus.COMPLETED)) {
            throw new ReproductionException(which + " has not completed (status " + stored.statusText() + ")",
                    false, null);
        }
        return stored;
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
    private List<ReproductionRow> rowsOf(ExperimentLoader loader, Path file, ExperimentSpec written,
                                         List<RunRecord.Stored> records) {
        List<Double> accuracies = new ArrayList<>();
        Map<EvaluationSetSpec, List<Double>> setAccuracies = new LinkedHashMap<>();
        written.evaluation().forEach(set -> setAccuracies.put(set, new ArrayList<>()));
        double seconds = 0;
        for (RunRecord.Stored r : records) {
            accuracies.add(r.finalMetrics().get("test_accuracy"));
            for (Map.Entry<EvaluationSetSpec, List<Double>> e : setAccuracies.entrySet()) {
                e.getValue().add(r.finalMetrics().get(e.getKey().accuracyColumn()));
            }
            if (r.throughput() != null && r.throughput().trainSeconds() != null) {
                seconds += r.throughput().trainSeconds();
            }
        }
        RunRecord.Stored last = records.get(records.size() - 1);
        int epochs = last.epochsCompleted() == null ? 0 : last.epochsCompleted();
        int trainImages = last.examples().getOrDefault("train", 0);
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
}
