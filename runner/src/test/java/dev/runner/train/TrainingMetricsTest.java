package dev.runner.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runner.config.ExperimentSpec;
import dev.runner.config.LoadedExperiment;
import dev.runner.data.LoadedDataset;
import dev.runner.model.CompiledModel;
import dev.runner.model.ModelFixtures;
import dev.runner.model.ShapeInference;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The training loss and accuracy come from the forward pass of {@code fit}, the evaluation ones from a separate
 * pass. With a learning rate too small to move any float32 parameter, one full batch and nothing random, the two
 * must agree, as PyTorch's loop would report them: the loss is the criterion's value, without any penalty term.
 */
class TrainingMetricsTest {

    private static String experiment(String optimizer, String... layers) {
        StringBuilder yaml = new StringBuilder("""
                name: metrics
                seed: 5
                dataset: {name: mnist, train_limit: 64}
                transforms:
                  train: [{normalize: auto}]
                  eval: [{normalize: auto}]
                model:
                  layers:
                """);
        for (String layer : layers) yaml.append("    - ").append(layer).append('\n');
        yaml.append("optimizer: ").append(optimizer).append('\n');
        yaml.append("training: {epochs: 1, batch_size: 64, eval_batch_size: 64}\n");
        return yaml.toString();
    }

    private record Measured(EpochMetrics epoch, Evaluator.Result onTrain) {
    }

    private static Measured measure(String yaml) throws Exception {
        LoadedExperiment experiment = ModelFixtures.parse("metrics.yaml", yaml);
        ExperimentSpec spec = experiment.spec();
        LoadedDataset dataset = new LoadedDataset(dev.runner.data.DatasetInfo.MNIST, TrainerTest.bars(64, 3),
                TrainerTest.bars(20, 4));
        TrainingSetup setup = TrainingSetup.prepare(spec, new ShapeInference().infer(experiment), dataset);
        Seeds seeds = setup.seeds();
        RunData data = setup.data();
        CompiledModel model = setup.model();
        Trainer.Outcome outcome = new Trainer().train(model.network(), data, spec, seeds, List.of());
        Evaluator.Result onTrain = new Evaluator().evaluate(model.network(), data.train(), 64, 10);
        return new Measured(outcome.last(), onTrain);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{sgd: {lr: 1e-12}}", "{sgd: {lr: 1e-12, weight_decay: 0.5}}",
            "{adam: {lr: 1e-12, weight_decay: 0.5}}"})
    void trainLossIsTheCriterionAlone(String optimizer) throws Exception {
        Measured m = measure(experiment(optimizer, "conv2d: {filters: 4, kernel: 5}", "relu", "maxpool: 2",
                "flatten", "dense: {units: 10}"));
        assertEquals(m.onTrain().loss(), m.epoch().trainLoss(), 1e-5);
        assertEquals(m.onTrain().accuracy(), m.epoch().trainAccuracy());
    }

    @Test
    void trainAccuracyWithABiasFreeOutputLayer() throws Exception {
        Measured m = measure(experiment("{sgd: {lr: 1e-12}}", "flatten", "dense: {units: 32, activation: relu}",
                "dense: {units: 10, bias: false}"));
        assertEquals(m.onTrain().accuracy(), m.epoch().trainAccuracy());
        assertEquals(m.onTrain().loss(), m.epoch().trainLoss(), 1e-5);
    }

    @Test
    void trainAccuracyBehindAnExplicitSoftmax() throws Exception {
        // The lecture notebook's shape: dense → softmax, and the loss layer's softmax on top.
        Measured m = measure(experiment("{sgd: {lr: 1e-12}}", "flatten", "dense: {units: 10}", "softmax"));
        assertEquals(m.onTrain().accuracy(), m.epoch().trainAccuracy());
        assertEquals(m.onTrain().loss(), m.epoch().trainLoss(), 1e-5);
    }

    @Test
    void evaluationDoesNotDependOnItsBatchSize() throws Exception {
        LoadedExperiment experiment = ModelFixtures.parse("metrics.yaml", experiment("{sgd: {lr: 0.1}}",
                "flatten", "dense: {units: 10}"));
        CompiledModel model = ModelFixtures.compile(experiment, 1, 2);
        dev.runner.data.BatchSource source = new dev.runner.data.BatchSource(TrainerTest.bars(50, 9),
                dev.runner.data.DatasetInfo.MNIST);
        Evaluator.Result whole = new Evaluator().evaluate(model.network(), source, 50, 10);
        Evaluator.Result pieces = new Evaluator().evaluate(model.network(), source, 7, 10);
        assertEquals(whole.loss(), pieces.loss(), 1e-6);
        assertEquals(whole.accuracy(), pieces.accuracy());
        assertEquals(50, whole.evaluation().getNumRowCounter());
    }
}
