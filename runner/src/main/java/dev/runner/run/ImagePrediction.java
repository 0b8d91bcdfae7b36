package dev.runner.run;

import dev.runner.config.ExperimentSpec;
import dev.runner.config.TransformSpec;
import dev.runner.data.DataException;
import dev.runner.data.DatasetInfo;
import dev.runner.data.ImageFile;
import dev.runner.data.LoadedDataset;
import dev.runner.data.TransformPipeline;
import dev.runner.train.RunData;
import dev.runner.train.Seeds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code runner predict}: image files classified by a run's saved model as the run's evaluation classifies its images.
 * Each file becomes a dataset image ({@link ImageFile}: grey values in [0, 1] at the dataset's size), then goes through
 * the run's eval transforms ({@code transforms.eval} of its config, {@code normalize: auto} with the statistics of
 * the run's training split, computed as the run computed them), then through the network in batches of the run's
 * evaluation batch size. A random eval transform draws from a stream of its own ({@code predict}), in file order.
 *
 * <p>Every file is read and checked before the model is loaded, so one bad file fails the whole command before any
 * result exists.
 */
public final class ImagePrediction {
    public static final int TOP = 3;

    /** One class and its probability. */
    public record Ranked(int index, String name, float probability) {
    }

    /** One image's result: the {@link #TOP} most probable classes, most probable first, and every probability. */
    public record Result(Path file, List<Ranked> top, float[] probabilities) {
    }

    /** The dataset, loaded only when {@code normalize: auto} needs the training split. */
    @FunctionalInterface
    public interface DatasetLoader {
        LoadedDataset load() throws DataException;
    }

    /** Reads every image first (a bad one fails before any work), then classifies them all. */
    public List<Result> predict(SavedRun run, SavedRun.Model model, List<Path> files, DatasetLoader dataset)
            throws ImageFile.BadImageException, SavedRun.UnusableRunException, SavedRun.UnreadableModelException,
            DataException {
        ExperimentSpec spec = run.spec();
        DatasetInfo info = DatasetInfo.of(spec.dataset().name());
        List<float[]> images = new ArrayList<>();
        for (Path f : files) images.add(ImageFile.read(f, info.height(), info.width()));
        MultiLayerNetwork network = run.network(model);
        Seeds seeds = new Seeds(spec.seed());
        TransformPipeline.Statistics stats = needsTrainingStatistics(spec)
                ? RunData.trainingStatistics(spec, dataset.load(), seeds)
                : new TransformPipeline.Statistics(0, 1);
        TransformPipeline eval = TransformPipeline.of(spec.transforms().eval(), stats, info.height(), info.width());
        Random random = seeds.random("predict");
        int size = info.height() * info.width();
        int batch = spec.training().evalBatchSize();
        List<Result> results = new ArrayList<>();
        for (int start = 0; start < images.size(); start += batch) {
            int n = Math.min(batch, images.size() - start);
            float[] features = new float[n * size];
            for (int i = 0; i < n; i++) {
                System.arraycopy(images.get(start + i), 0, features, i * size, size);
                eval.apply(features, i, random);
            }
            // channels-last [batch, height, width, 1], as the run's batches are (see BatchSource)
            INDArray x = Nd4j.create(features, new long[]{n, info.height(), info.width(), 1}, 'c');
            INDArray probabilities = network.output(x, false);
            for (int i = 0; i < n; i++) {
                float[] p = probabilities.getRow(i).toFloatVector();
                results.add(new Result(files.get(start + i), top(p, info.classNames()), p));
            }
        }
        return results;
    }

    static boolean needsTrainingStatistics(ExperimentSpec spec) {
        return spec.transforms().eval().stream().anyMatch(t -> t instanceof TransformSpec.NormalizeAuto);
    }

    /** The {@link #TOP} most probable classes; ties go to the lower class index. */
    static List<Ranked> top(float[] p, List<String> classes) {
        return IntStream.range(0, p.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -p[i]).thenComparingInt(i -> i))
                .limit(TOP).map(i -> new Ranked(i, classes.get(i), p[i])).toList();
    }
}
