package dev.runner.train;

import dev.runner.config.ExperimentSpec;
import dev.runner.data.LoadedDataset;
import dev.runner.model.CompiledModel;
import dev.runner.model.ModelSummary;
import dev.runner.model.NetworkCompiler;

/**
 * What a run trains, made from its experiment the one way every run makes it: the seeds from the experiment's seed,
 * the data split and transformed ({@link RunData#prepare}), then the network initialised from its own derived seeds.
 * A run and a test of the loop build their training through here, so neither copies the other's steps.
 */
public record TrainingSetup(Seeds seeds, RunData data, CompiledModel model) {

    public static TrainingSetup prepare(ExperimentSpec spec, ModelSummary summary, LoadedDataset dataset) {
        Seeds seeds = new Seeds(spec.seed());
        return new TrainingSetup(seeds, RunData.prepare(spec, dataset, seeds), compile(spec, summary, seeds));
    }

    /** The network alone, for a run that records its data before compiling (a failure then still says what it had). */
    public static CompiledModel compile(ExperimentSpec spec, ModelSummary summary, Seeds seeds) {
        return new NetworkCompiler().compile(spec, summary, seeds.derive("init"), seeds.derive("network"));
    }
}
