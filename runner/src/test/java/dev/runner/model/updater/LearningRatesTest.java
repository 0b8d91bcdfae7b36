package dev.runner.model.updater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.runner.config.LoadedExperiment;
import dev.runner.model.ModelFixtures;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A rate set between steps is the rate of the next step, exactly: a network trained at 0.1 and then switched to
 * 0.03 ends bit-identical to one compiled at 0.03 for that step, with Adam's moments carried over, weight decay
 * (which reads the rate) included.
 */
class LearningRatesTest {

    private static DataSet batch(long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray features = Nd4j.rand(DataType.FLOAT, 8, 28, 28, 1);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 8, 10);
        for (int i = 0; i < 8; i++) labels.putScalar(i, (i * 3) % 10, 1f);
        return new DataSet(features, labels);
    }

    private static MultiLayerNetwork network(String optimizer) throws Exception {
        LoadedExperiment e = ModelFixtures.inline("cross_entropy", optimizer, "conv2d: {filters: 2, kernel: 3}",
                "batchnorm", "relu", "flatten", "dense: {units: 10}");
        return ModelFixtures.compile(e, 5, 6).network();
    }

    private static void assertSwitchIsExact(String at01, String at003) throws Exception {
        MultiLayerNetwork switched = network(at01);
        switched.fit(batch(1));
        LearningRates.set(switched, 0.03);
        switched.fit(batch(2));

        MultiLayerNetwork reference = network(at01);
        reference.fit(batch(1));
        // The same state, continued by a network whose configured rate is 0.03 from the start.
        MultiLayerNetwork direct = network(at003);
        direct.setParams(reference.params().dup());
        direct.getUpdater().getStateViewArray().assign(reference.getUpdater().getStateViewArray());
        direct.setIterationCount(reference.getIterationCount());
        direct.fit(batch(2));
        reference.fit(batch(2));

        assertEquals(direct.params(), switched.params());
        assertNotEquals(reference.params(), switched.params());
    }

    @Test
    void sgdWithMomentum() throws Exception {
        assertSwitchIsExact("{sgd: {lr: 0.1, momentum: 0.9}}", "{sgd: {lr: 0.03, momentum: 0.9}}");
    }

    @Test
    void adamWDecouplesItsDecayAtTheNewRate() throws Exception {
        // AdamW's decay is lr·wd·p with the rate of the step: DL4J's WeightDecay reads it from the updater.
        assertSwitchIsExact("{adamw: {lr: 0.1, weight_decay: 0.1}}", "{adamw: {lr: 0.03, weight_decay: 0.1}}");
    }

    @Test
    void adamWithWeightDecay() throws Exception {
        assertSwitchIsExact("{adam: {lr: 0.1, weight_decay: 0.01}}", "{adam: {lr: 0.03, weight_decay: 0.01}}");
    }
}
