package dev.runner.sweep;

import dev.runner.config.DatasetSpec;
import dev.runner.config.ExperimentLoader;
import dev.runner.config.ExperimentSpec;
import dev.runner.config.ExperimentWriter;
import dev.runner.config.InvalidExperimentException;
import dev.runner.config.LoadedExperiment;
import dev.runner.model.ShapeInference;
import dev.runner.results.RunLayout;
import dev.runner.results.RunRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The time a sweep will take, from a short timing run: the first point to go, cut to a few hundred images and two
 * epochs, trained in a child process exactly as the sweep would. Its fixed cost (JVM start, data loading) and its
 * training and evaluation throughput scale to every remaining point's images and epochs. Rough: the timing epoch
 * includes JIT warm-up, and points differ in cost (a bigger layer, a smaller batch).
 */
public final class Estimate {
    private static final int TRAIN_IMAGES = 512;
    private static final int EVAL_IMAGES = 256;
    private static final int FULL_TRAIN = 60_000;
    private static final int FULL_TEST = 10_000;

    public record Result(double overheadSeconds, double trainImagesPerSecond, double evalImagesPerSecond,
                         double totalSeconds) {
    }

    public static Result measure(SweepPlan plan, List<SweepPlan.Point> toGo, Path dataDir, int workers, Path scratch)
            throws IOException, InterruptedException, InvalidExperimentException {
        if (toGo.isEmpty()) return new Result(0, 0, 0, 0);
        SweepPlan.Point first = toGo.get(0);
        LoadedExperiment small;
        try (ExperimentLoader loader = new ExperimentLoader()) {
            small = loader.parse("timing run", first.config(), List.of("dataset.train_limit=" + TRAIN_IMAGES,
                    "dataset.validation_limit=" + EVAL_IMAGES, "dataset.test_limit=" + EVAL_IMAGES,
                    "training.epochs=2"));
        }
        new ShapeInference().infer(small);
        String config = new ExperimentWriter().write(small.spec());
        SweepPlan.Point timing = new SweepPlan.Point(0, SweepPlan.idOf(config),
                first.settings(), first.seed(), small, first.summary(), config, List.of());
        Path folder = scratch.resolve(timing.id());
        long t0 = System.nanoTime();
        int code = new SweepRunner().runOne(timing, folder, dataDir, SweepRunner.threadsPerWorker(workers));
        double wall = (System.nanoTime() - t0) / 1e9;
        if (PointStatus.of(folder) != PointStatus.DONE) {
            throw new IOException("the timing run failed (exit " + code + "); log: " + folder.resolve(SweepRunner.LOG));
        }
        RunRecord.Stored run = RunRecord.read(folder.resolve(RunLayout.RECORD));
        RunRecord.Throughput throughput = run.throughput();
        // The second epoch's rate: the first pays for JIT warm-up, which the start-up share then absorbs.
        double ips = orZero(throughput.steadyTrainImagesPerSecond() != null
                ? throughput.steadyTrainImagesPerSecond() : throughput.trainImagesPerSecond());
        double eips = orZero(throughput.evalImagesPerSecond());
        double trainSeconds = 2 * run.examples().getOrDefault("train", 0) / ips;
        double evalSeconds = 2 * (run.examples().getOrDefault("validation", 0)
                + (double) run.examples().getOrDefault("test", 0)) / eips;
        double overhead = Math.max(0, wall - trainSeconds - evalSeconds);
        double total = 0;
        for (SweepPlan.Point p : toGo) total += pointSeconds(p.experiment().spec(), overhead, ips, eips);
        return new Result(overhead, ips, eips, total / Math.max(1, Math.min(workers, toGo.size())));
    }

    /**
     * The time of {@code toGo} from a measurement, each point training the epochs successive halving lets it expect
     * (all of them when {@code halving} is null).
     */
    public static double totalSeconds(Result r, List<SweepPlan.Point> toGo, int workers, SuccessiveHalving halving) {
        double total = 0;
        for (SweepPlan.Point p : toGo) {
            ExperimentSpec spec = p.experiment().spec();
            int epochs = spec.training().epochs();
            total += pointSeconds(spec, r.overheadSeconds(), r.trainImagesPerSecond(), r.evalImagesPerSecond(),
                    halving == null ? epochs : halving.expectedEpochs(epochs));
        }
        return total / Math.max(1, Math.min(workers, toGo.size()));
    }

    static double pointSeconds(ExperimentSpec spec, double overhead, double ips, double eips) {
        return pointSeconds(spec, overhead, ips, eips, spec.training().epochs());
    }

    static double pointSeconds(ExperimentSpec spec, double overhead, double ips, double eips, double epochs) {
        DatasetSpec d = spec.dataset();
        double val = Math.round(d.validationSplit() * FULL_TRAIN);
        double train = FULL_TRAIN - val;
        if (d.trainLimit() != null) train = Math.min(train, d.trainLimit());
        if (d.validationLimit() != null) val = Math.min(val, d.validationLimit());
        double test = d.testLimit() == null ? FULL_TEST : Math.min(FULL_TEST, d.testLimit());
        return overhead + epochs * (train / ips + (val + test) / eips);
    }

    private static double orZero(Double v) {
        return v == null ? 0 : v;
    }
}
