package dev.runner.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.runner.config.LossKind;
import dev.runner.config.LossSpec;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * PyTorch's {@code CrossEntropyLoss(label_smoothing=ε)} on logits [[2, −1, 0.5], [0.1, 0.2, 3]] with targets
 * [0, 1], mean reduction; the expected values were computed with PyTorch 1.13.1 in float64 and pasted. By hand:
 * loss = (1−ε)·NLL + ε·mean_k(−log p_k), NLL = 1.5754563805893111, mean of −log p_k over both rows = 1.8754563805893111,
 * so ε = 0.1 adds 0.1·0.3 = 0.03.
 */
class SmoothedCrossEntropyTest {
    private static final INDArray LOGITS = Nd4j.createFromArray(new double[][]{{2, -1, 0.5}, {0.1, 0.2, 3}});
    private static final INDArray ONE_HOT = Nd4j.createFromArray(new double[][]{{1, 0, 0}, {0, 1, 0}});

    private static double score(ILossFunction loss) {
        return loss.computeScore(ONE_HOT, LOGITS.dup(), new ActivationSoftmax(), null, true);
    }

    @Test
    void lossAsPyTorch() {
        assertEquals(1.5754563805893111, score(new LossMCXENT()), 1e-12);
        assertEquals(1.6054563805893112, score(new SmoothedCrossEntropy(0.1)), 1e-12);
        assertEquals(1.650456380589311, score(new SmoothedCrossEntropy(0.25)), 1e-12);
        assertEquals(score(new LossMCXENT()), score(new SmoothedCrossEntropy(0)), 0);
    }

    @Test
    void gradientIsSoftmaxMinusTheSmoothedTarget() {
        INDArray gradient = new SmoothedCrossEntropy(0.1).computeGradient(ONE_HOT, LOGITS.dup(),
                new ActivationSoftmax(), null);
        double[][] logits = {{2, -1, 0.5}, {0.1, 0.2, 3}};
        double[][] target = {{0.9 + 0.1 / 3, 0.1 / 3, 0.1 / 3}, {0.1 / 3, 0.9 + 0.1 / 3, 0.1 / 3}};
        for (int i = 0; i < 2; i++) {
            double sum = 0;
            for (double z : logits[i]) sum += Math.exp(z);
            double[] expected = new double[3];
            for (int k = 0; k < 3; k++) expected[k] = Math.exp(logits[i][k]) / sum - target[i][k];
            assertArrayEquals(expected, gradient.getRow(i).toDoubleVector(), 1e-12, "row " + i);
        }
    }

    @Test
    void smoothingOutsideZeroToOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SmoothedCrossEntropy(1.0));
        assertThrows(IllegalArgumentException.class, () -> new SmoothedCrossEntropy(-0.1));
    }

    @Test
    void compiledOutputLayerCarriesItAndSurvivesJson() throws Exception {
        var experiment = ModelFixtures.inline("{cross_entropy: {label_smoothing: 0.1}}", "{sgd: {lr: 0.1}}",
                "flatten", "dense: {units: 10}");
        assertEquals(new LossSpec(LossKind.CROSS_ENTROPY, 0.1), experiment.spec().loss());
        MultiLayerNetwork smoothed = ModelFixtures.compile(experiment, 1, 2).network();
        ILossFunction loss = ((BaseOutputLayer) smoothed.getLayerWiseConfigurations().getConf(0).getLayer())
                .getLossFn();
        assertEquals(new SmoothedCrossEntropy(0.1), loss);
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(smoothed.getLayerWiseConfigurations().toJson());
        assertEquals(loss, ((BaseOutputLayer) back.getConf(0).getLayer()).getLossFn());
        // Without smoothing the layer is DL4J's own loss, as before.
        MultiLayerNetwork plain = ModelFixtures.compile(ModelFixtures.inline("cross_entropy", "{sgd: {lr: 0.1}}",
                "flatten", "dense: {units: 10}"), 1, 2).network();
        assertSame(LossMCXENT.class,
                ((BaseOutputLayer) plain.getLayerWiseConfigurations().getConf(0).getLayer()).getLossFn().getClass());
    }

    @Test
    void networkScoreIsTheSmoothedLoss() throws Exception {
        MultiLayerNetwork network = ModelFixtures.compile(ModelFixtures.inline(
                "{cross_entropy: {label_smoothing: 0.2}}", "{sgd: {lr: 0.1}}", "flatten", "dense: {units: 10}"), 1, 2)
                .network();
        INDArray features = Nd4j.rand(DataType.FLOAT, 4, 28, 28, 1);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 4, 10);
        int[] classes = {1, 7, 7, 0};
        for (int i = 0; i < 4; i++) labels.putScalar(i, classes[i], 1f);
        double score = network.score(new org.nd4j.linalg.dataset.DataSet(features, labels), false);
        INDArray p = network.output(features, false).castTo(DataType.DOUBLE);
        double expected = 0;
        for (int i = 0; i < 4; i++) {
            double meanNegLog = 0;
            for (int k = 0; k < 10; k++) meanNegLog -= Math.log(p.getDouble(i, k)) / 10;
            expected += (0.8 * -Math.log(p.getDouble(i, classes[i])) + 0.2 * meanNegLog) / 4;
        }
        assertEquals(expected, score, 1e-5);
    }
}
