package dev.runner.run;

import dev.runner.config.EvaluationSetSpec;
import dev.runner.config.ExperimentSpec;
import dev.runner.data.BatchSource;
import dev.runner.data.DatasetInfo;
import dev.runner.data.LoadedDataset;
import dev.runner.data.TransformPipeline;
import dev.runner.report.ClassificationReport;
import dev.runner.report.ConfusionHeatmap;
import dev.runner.report.ImageGrid;
import dev.runner.report.PixelDisplay;
import dev.runner.results.EvaluationRecord;
import dev.runner.results.RunLayout;
import dev.runner.results.RunRecord;
import dev.runner.train.BackendInfo;
import dev.runner.train.Evaluator;
import dev.runner.train.RunData;
import dev.runner.train.Seeds;
import dev.runner.util.AtomicFiles;
import dev.runner.util.Sha256;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.meta.Prediction;

/**
 * {@code runner evaluate}: a saved model of a run on its test or validation split or an evaluation set, with the data
 * prepared exactly as the run prepared it ({@link RunData#prepare} from the run's resolved config and seed: the same
 * split, limits, transforms, {@code normalize: auto} statistics and evaluation-set draws), evaluated as the run's
 * evaluation does (the same batch size and loss). So the final model on the test set gives run.json's final
 * {@code test_accuracy} and {@code test_loss} bit for bit, and the best model its {@code checkpoint.best_metrics}.
 *
 * <p>Each result is a folder {@code <run>/evaluations/<model>-<set>/} (e.g. {@code final-test},
 * {@code best-rotated_test}) with {@code evaluation.json}, the confusion matrix ({@code confusion.csv},
 * {@code confusion.png}), {@code per_class.csv} and {@code misclassified.png}, as a run's report has them. The folder
 * is written under a temporary name and then moved into place, replacing an earlier one, so a reader never sees a
 * partial result; the run's own files are not touched.
 */
public final class ModelEvaluation {
    public static final String CONFUSION_CSV = "confusion.csv";
    public static final String CONFUSION_PLOT = "confusion.png";
    public static final String PER_CLASS = "per_class.csv";
    public static final String MISCLASSIFIED_PLOT = "misclassified.png";
    static final int MISCLASSIFIED_SHOWN = 40;

    /** One evaluated set: where it was written and what it gave. */
    public record Outcome(String name, Path folder, EvaluationRecord record) {
    }

    /**
     * Evaluates {@code model} on each of {@code sets} ({@code test}, {@code val} or evaluation set names, checked with
     * {@link SavedRun#checkSets} first) and writes one folder per set.
     */
    public List<Outcome> evaluate(SavedRun run, SavedRun.Model model, List<String> sets, LoadedDataset dataset)
            throws SavedRun.UnusableRunException, SavedRun.UnreadableModelException, IOException {
        run.checkSets(sets);
        MultiLayerNetwork network = run.network(model);
        String modelSha = Sha256.hex(Sha256.digest(Files.readAllBytes(run.modelFile(model))));
        ExperimentSpec spec = run.spec();
        RunData data = RunData.prepare(spec, dataset, new Seeds(spec.seed()));
        DatasetInfo info = data.info();
        Evaluator evaluator = new Evaluator(spec.loss().labelSmoothing());
        List<Outcome> outcomes = new ArrayList<>();
        for (String set : sets) {
            BatchSource source;
            TransformPipeline pipeline;
            String split;
            if (set.equals(SavedRun.TEST) || set.equals(SavedRun.VALIDATION)) {
                source = set.equals(SavedRun.TEST) ? data.test() : data.validation();
                if (source == null) {
                    throw new SavedRun.UnusableRunException("the run's validation split holds no images, so there "
                            + "is no set 'val'");
                }
                split = set.equals(SavedRun.TEST) ? "test" : "validation";
                pipeline = TransformPipeline.of(spec.transforms().eval(), data.trainingStatistics(), info.height(),
                        info.width());
            } else {
                RunData.EvaluationSet extra = data.extra().stream().filter(e -> e.name().equals(set)).findFirst()
                        .orElseThrow();
                source = extra.source();
                EvaluationSetSpec setSpec = extra.spec();
                split = setSpec.split().yamlName();
                pipeline = TransformPipeline.of(setSpec.transforms(), data.trainingStatistics(), info.height(),
                        info.width());
            }
            Evaluator.Result result = evaluator.evaluate(network, source, spec.training().evalBatchSize(),
                    info.numClasses());
            String name = model.word() + "-" + set;
            EvaluationRecord record = new EvaluationRecord(spec.name(), run.dir().getFileName().toString(),
                    model.word(), model.file(), modelSha, set, split, PixelDisplay.describe(pipeline),
                    run.overrides(), source.count(), result.loss(), result.accuracy(), recorded(run, model, set),
                    BackendInfo.buildProperties().getProperty("version", "unknown"), ZonedDateTime.now(), files());
            Path folder = run.dir().resolve(RunLayout.EVALUATIONS).resolve(name);
            writeFolder(folder, staging -> writeFiles(staging, record, result, source, pipeline, info,
                    describe(spec.name(), model, set, split)));
            outcomes.add(new Outcome(name, folder, record));
        }
        return outcomes;
    }

    /** The files of one evaluation folder, as evaluation.json lists them. */
    static Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("record", EvaluationRecord.FILE);
        files.put("confusion", CONFUSION_CSV);
        files.put("plot_confusion", CONFUSION_PLOT);
        files.put("per_class", PER_CLASS);
        files.put("plot_misclassified", MISCLASSIFIED_PLOT);
        return files;
    }

    private static String describe(String runName, SavedRun.Model model, String set, String split) {
        return runName + ", " + model.word() + " model ("
                + model.file() + "), " + (set.equals(split) || set.equals(SavedRun.VALIDATION) ? split + " split"
                : "set " + set + " (" + split + " split)");
    }

    /** run.json's figures for this model on this set, when the run measured them on the set as it is now. */
    private static EvaluationRecord.Recorded recorded(SavedRun run, SavedRun.Model model, String set) {
        RunRecord.Stored stored = run.record();
        if (stored == null || !run.evaluatedByRun(set)) return null;
        RunRecord.Metrics metrics;
        String source;
        if (model == SavedRun.Model.FINAL) {
            metrics = stored.finalMetrics();
            source = "final_metrics";
        } else {
            if (stored.checkpoint() == null) return null;
            metrics = stored.checkpoint().bestMetrics();
            source = "checkpoint.best_metrics";
        }
        if (metrics == null) return null;
        String lossColumn = EvaluationSetSpec.lossColumn(set);
        String accuracyColumn = EvaluationSetSpec.accuracyColumn(set);
        Double loss = metrics.get(lossColumn);
        Double accuracy = metrics.get(accuracyColumn);
        if (loss == null || accuracy == null) return null;
        return new EvaluationRecord.Recorded(source + " " + lossColumn + ", " + accuracyColumn, loss, accuracy);
    }

    private static void writeFiles(Path dir, EvaluationRecord record, Evaluator.Result result, BatchSource source,
                                   TransformPipeline pipeline, DatasetInfo info, String what) throws IOException {
        List<String> classes = info.classNames();
        int[][] confusion = ClassificationReport.confusion(result.evaluation(), info.numClasses());
        ClassificationReport.writeConfusionCsv(dir.resolve(CONFUSION_CSV), confusion, classes);
        AtomicFiles.write(dir.resolve(CONFUSION_PLOT), png(ConfusionHeatmap.render(
                record.runName() + ": confusion matrix, " + record.model() + " model on " + record.set(),
                String.format(Locale.ROOT, "%s, %,d images, accuracy %.2f%%", what, source.count(),
                        100 * result.accuracy()), confusion, classes)));
        ClassificationReport.of(result.evaluation(), classes).writeCsv(dir.resolve(PER_CLASS));
        AtomicFiles.write(dir.resolve(MISCLASSIFIED_PLOT), png(misclassified(record, result.errors(), source,
                PixelDisplay.of(pipeline), info)));
        record.write(dir.resolve(EvaluationRecord.FILE));
    }

    private static BufferedImage misclassified(EvaluationRecord record, List<Prediction> errors, BatchSource source,
                                               PixelDisplay display, DatasetInfo info) {
        List<String> classes = info.classNames();
        List<ImageGrid.Tile> tiles = new ArrayList<>();
        for (Prediction p : errors.subList(0, Math.min(MISCLASSIFIED_SHOWN, errors.size()))) {
            tiles.add(new ImageGrid.Tile(display.toUnit(source.image(Evaluator.index(p))), info.height(), info.width(),
                    classes.get(p.getActualClass()) + " as " + classes.get(p.getPredictedClass()),
                    new Color(0x9B, 0x1C, 0x1C)));
        }
        String subtitle = String.format(Locale.ROOT, "the first %d of %,d misclassified images (of %,d), in set order, "
                + "after the set's transforms (%s), normalisation undone; caption: true as predicted", tiles.size(), errors.size(),
                source.count(), record.transforms());
        return ImageGrid.render(record.runName() + ": misclassified, " + record.model() + " model on " + record.set(),
                subtitle, tiles, 10, 3, 1200, "no misclassified images");
    }

    private static byte[] png(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", out)) throw new IOException("no PNG writer in this JVM");
        return out.toByteArray();
    }

    /**
     * Writes a folder's files into a new folder beside {@code folder}, then moves it into place: an earlier result is
     * moved aside first and deleted after, so a reader finds the old complete folder or the new complete one (or,
     * between the two renames, none), never a partial one. A failed write leaves the earlier result as it was.
     */
    static void writeFolder(Path folder, AtomicFiles.Writer contents) throws IOException {
        Path parent = folder.getParent();
        Files.createDirectories(parent);
        String stamp = Long.toString(System.nanoTime(), 36);
        Path staging = parent.resolve("." + folder.getFileName() + AtomicFiles.PARTIAL + "-" + stamp);
        Files.createDirectory(staging);
        try {
            contents.writeTo(staging);
        } catch (IOException | RuntimeException e) {
            deleteTree(staging);
            throw e;
        }
        Path old = null;
        if (Files.exists(folder)) {
            old = parent.resolve("." + folder.getFileName() + ".old-" + stamp);
            move(folder, old);
        }
        move(staging, folder);
        if (old != null) deleteTree(old);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
