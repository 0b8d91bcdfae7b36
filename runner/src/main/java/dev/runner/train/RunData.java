package dev.runner.train;

import dev.runner.config.EvaluationSetSpec;
import dev.runner.config.ExperimentSpec;
import dev.runner.data.BatchSource;
import dev.runner.data.DatasetInfo;
import dev.runner.data.DatasetSplits;
import dev.runner.data.ImageSet;
import dev.runner.data.LoadedDataset;
import dev.runner.data.TransformPipeline;
import java.util.ArrayList;
import java.util.List;

/**
 * The data of one run, ready for the loop. Deterministic transforms are applied once, up front; only a training
 * pipeline with a random step runs per batch. Evaluation sets are transformed once with a fixed seed, so a random
 * evaluation transform gives the same images every epoch and every run. Each extra evaluation set draws from a seed
 * of its own name, so adding a set changes neither the others nor training.
 */
public record RunData(DatasetInfo info, BatchSource train, TransformPipeline perBatchTransforms,
                      BatchSource validation, BatchSource test, List<EvaluationSet> extra,
                      TransformPipeline.Statistics trainingStatistics) {

    /** An extra evaluation set, ready to evaluate. */
    public record EvaluationSet(EvaluationSetSpec spec, BatchSource source) {
        public String name() {
            return spec.name();
        }
    }

    public RunData {
        extra = List.copyOf(extra);
    }

    public static RunData prepare(ExperimentSpec spec, LoadedDataset data, Seeds seeds) {
        DatasetInfo info = data.info();
        DatasetSplits splits = splits(spec, data, seeds);
        TransformPipeline.Statistics stats = TransformPipeline.Statistics.of(splits.train());
        TransformPipeline trainPipeline = TransformPipeline.of(spec.transforms().train(), stats, info.height(),
                info.width());
        TransformPipeline evalPipeline = TransformPipeline.of(spec.transforms().eval(), stats, info.height(),
                info.width());
        ImageSet train = splits.train();
        TransformPipeline perBatch = trainPipeline;
        if (!trainPipeline.isRandom()) {
            train = trainPipeline.applyAll(train, seeds.random("train-transforms"));
            perBatch = null;
        }
        BatchSource validation = splits.hasValidation()
                ? new BatchSource(evalPipeline.applyAll(splits.validation(), seeds.random("eval-validation")), info)
                : null;
        BatchSource test = new BatchSource(evalPipeline.applyAll(splits.test(), seeds.random("eval-test")), info);
        List<EvaluationSet> extra = new ArrayList<>();
        for (EvaluationSetSpec set : spec.evaluation()) {
            ImageSet images = switch (set.split()) {
                case TEST -> splits.test();
                case VALIDATION -> splits.validation();
                case TRAIN -> splits.train();
            };
            TransformPipeline pipeline = TransformPipeline.of(set.transforms(), stats, info.height(), info.width());
            extra.add(new EvaluationSet(set, new BatchSource(pipeline.applyAll(images,
                    seeds.random("eval-set:" + set.name())), info)));
        }
        return new RunData(info, new BatchSource(train, info), perBatch, validation, test, extra, stats);
    }

    /**
     * The statistics {@code normalize: auto} uses, those of the training split, computed as {@link #prepare} computes
     * them without transforming any set (for classifying single images with a saved model).
     */
    public static TransformPipeline.Statistics trainingStatistics(ExperimentSpec spec, LoadedDataset data,
                                                                  Seeds seeds) {
        return TransformPipeline.Statistics.of(splits(spec, data, seeds).train());
    }

    private static DatasetSplits splits(ExperimentSpec spec, LoadedDataset data, Seeds seeds) {
        return DatasetSplits.split(data, spec.dataset().validationSplit(), spec.dataset().trainLimit(),
                spec.dataset().validationLimit(), spec.dataset().testLimit(), seeds.random("split"));
    }
}
