package dev.runner.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.runner.config.LoadedExperiment;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

class NetworkCompilerTest {

    private static Layer confOf(MultiLayerNetwork network, int index) {
        return network.getLayerWiseConfigurations().getConf(index).getLayer();
    }

    /** A batch of images with pixels in [0, 1) from a fixed seed. */
    static INDArray images(int n, long seed) {
        Random random = new Random(seed);
        float[] pixels = new float[n * 28 * 28];
        for (int i = 0; i < pixels.length; i++) pixels[i] = random.nextFloat();
        return Nd4j.create(pixels, new long[]{n, 28, 28, 1}, 'c');
    }

    @Test
    void lenetCompilesToTheSummarysParameterCount() throws Exception {
        LoadedExperiment lenet = ModelFixtures.shipped("lenet.yaml");
        CompiledModel model = ModelFixtures.compile(lenet, 1, 2);
        MultiLayerNetwork network = model.network();
        assertEquals(44_426, model.summary().totalParameters());
        assertEquals(44_426, network.numParams());
        // conv, pool, relu, conv, pool, relu, (flatten: a preprocessor), dense, dense, output
        assertEquals(List.of(0, 1, 2, 3, 4, 5, -1, 6, 7, 8), model.dl4jLayerOf());
        assertEquals(9, network.getnLayers());
        assertLayerParamsMatchSummary(model);

        ConvolutionLayer conv = assertInstanceOf(ConvolutionLayer.class, confOf(network, 0));
        assertArrayEquals(new int[]{5, 5}, conv.getKernelSize());
        assertArrayEquals(new int[]{0, 0}, conv.getPadding());
        assertInstanceOf(ActivationIdentity.class, conv.getActivationFn());
        assertEquals(org.deeplearning4j.nn.conf.layers.PoolingType.MAX,
                assertInstanceOf(SubsamplingLayer.class, confOf(network, 1)).getPoolingType());
        assertInstanceOf(ActivationReLU.class,
                assertInstanceOf(ActivationLayer.class, confOf(network, 2)).getActivationFn());
        assertInstanceOf(ActivationReLU.class,
                assertInstanceOf(DenseLayer.class, confOf(network, 6)).getActivationFn());
        // cross_entropy on the last dense layer's logits: softmax + NLL in one output layer.
        OutputLayer out = assertInstanceOf(OutputLayer.class, confOf(network, 8));
        assertInstanceOf(LossMCXENT.class, out.getLossFn());
        assertInstanceOf(ActivationSoftmax.class, out.getActivationFn());

        INDArray probabilities = network.output(images(3, 7), false);
        assertArrayEquals(new long[]{3, 10}, probabilities.shape());
        for (int i = 0; i < 3; i++) assertEquals(1.0, probabilities.getRow(i).sumNumber().doubleValue(), 1e-5);
    }

    @Test
    void lectureNotebookCnnCompilesTo421642Parameters() throws Exception {
        CompiledModel model = ModelFixtures.compile(ModelFixtures.resource("/model/lecture6-cnn-mnist.yaml"), 1, 2);
        MultiLayerNetwork network = model.network();
        assertEquals(421_642, model.summary().totalParameters());
        assertEquals(model.summary().totalParameters(), network.numParams());
        assertLayerParamsMatchSummary(model);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, -1, 6, 7, 8), model.dl4jLayerOf());

        ConvolutionLayer conv = assertInstanceOf(ConvolutionLayer.class, confOf(network, 0));
        assertArrayEquals(new int[]{1, 1}, conv.getPadding());
        assertEquals(ConvolutionMode.Truncate, conv.getConvolutionMode());
        assertInstanceOf(ActivationIdentity.class, assertInstanceOf(DenseLayer.class, confOf(network, 6))
                .getActivationFn());
        // The explicit softmax stays a layer and the loss applies softmax + NLL again, exactly as
        // nn.CrossEntropyLoss does on the notebook's softmax output.
        assertInstanceOf(DenseLayer.class, confOf(network, 7));
        assertInstanceOf(ActivationSoftmax.class,
                assertInstanceOf(ActivationLayer.class, confOf(network, 8)).getActivationFn());
        LossLayer loss = assertInstanceOf(LossLayer.class, confOf(network, 9));
        assertInstanceOf(LossMCXENT.class, loss.getLossFn());
        assertInstanceOf(ActivationSoftmax.class, loss.getActivationFn());
        assertEquals(10, network.getnLayers());
    }

    @Test
    void nllAfterLogSoftmaxIsCrossEntropyOnTheLogits() throws Exception {
        CompiledModel nll = ModelFixtures.compile(ModelFixtures.inline("nll", "{sgd: {lr: 0.1}}", "flatten",
                "dense: {units: 16, activation: relu}", "dense: {units: 10}", "log_softmax"), 5, 6);
        CompiledModel ce = ModelFixtures.compile(ModelFixtures.inline("cross_entropy", "{sgd: {lr: 0.1}}",
                "flatten", "dense: {units: 16, activation: relu}", "dense: {units: 10}"), 5, 6);
        CompiledModel fused = ModelFixtures.compile(ModelFixtures.inline("nll", "{sgd: {lr: 0.1}}", "flatten",
                "dense: {units: 16, activation: relu}", "dense: {units: 10, activation: log_softmax}"), 5, 6);
        assertEquals(List.of(-1, 0, 1, -1), nll.dl4jLayerOf());
        assertInstanceOf(OutputLayer.class, confOf(nll.network(), 1));
        assertInstanceOf(OutputLayer.class, confOf(fused.network(), 1));
        INDArray x = images(4, 3);
        INDArray expected = ce.network().output(x, false);
        assertEquals(expected, nll.network().output(x, false));
        assertEquals(expected, fused.network().output(x, false));
    }

    @Test
    void crossEntropyAfterLogSoftmaxIsCrossEntropyOnTheLogits() throws Exception {
        // Valid in PyTorch and validated here: CrossEntropyLoss(log_softmax(z)) = CrossEntropyLoss(z), since
        // softmax ignores the shift log_softmax subtracts. It used to fail in the compiler instead.
        CompiledModel ce = ModelFixtures.compile(ModelFixtures.inline("cross_entropy", "{sgd: {lr: 0.1}}",
                "flatten", "dense: {units: 10}"), 5, 6);
        CompiledModel separate = ModelFixtures.compile(ModelFixtures.inline("cross_entropy", "{sgd: {lr: 0.1}}",
                "flatten", "dense: {units: 10}", "log_softmax"), 5, 6);
        CompiledModel fused = ModelFixtures.compile(ModelFixtures.inline("cross_entropy", "{sgd: {lr: 0.1}}",
                "flatten", "dense: {units: 10, activation: log_softmax}"), 5, 6);
        assertEquals(List.of(-1, 0, -1), separate.dl4jLayerOf());
        INDArray x = images(4, 3);
        INDArray expected = ce.network().output(x, false);
        assertEquals(expected, separate.network().output(x, false));
        assertEquals(expected, fused.network().output(x, false));
    }

    @Test
    void dropoutRateIsTheProbabilityOfDropping() throws Exception {
        CompiledModel model = ModelFixtures.compile(ModelFixtures.inline("cross_entropy", "{sgd: {lr: 0.1}}",
                "flatten", "dropout: 0.25", "dense: {units: 10}"), 1, 2);
        MultiLayerNetwork network = model.network();
        DropoutLayer layer = assertInstanceOf(DropoutLayer.class, confOf(network, 0));
        // DL4J's number is the probability of keeping.
        assertEquals(0.75, assertInstanceOf(Dropout.class, layer.getIDropout()).getP());

        INDArray ones = Nd4j.ones(DataType.FLOAT, 200, 28, 28, 1);
        INDArray dropped = network.feedForward(ones, true).get(1);
        long n = dropped.length();
        long zeros = dropped.eq(0.0).castTo(DataType.INT).sumNumber().longValue();
        assertEquals(0.25, (double) zeros / n, 0.01, "fraction dropped of " + n);
        // Survivors are scaled by 1/(1 − rate), as torch.nn.Dropout does, so the expectation is unchanged.
        float[] values = dropped.data().asFloat();
        for (float v : values) {
            if (v != 0f) assertEquals(1f / 0.75f, v, 1e-6f);
        }
        assertEquals(ones.reshape(200, 784), network.feedForward(ones, false).get(1), "no dropout at inference");
    }

    @Test
    void dropoutDefaultsToHalf() throws Exception {
        CompiledModel model = ModelFixtures.compile(ModelFixtures.inline("cross_entropy", "{sgd: {lr: 0.1}}",
                "flatten", "dropout", "dense: {units: 10}"), 1, 2);
        DropoutLayer layer = assertInstanceOf(DropoutLayer.class, confOf(model.network(), 0));
        assertEquals(0.5, assertInstanceOf(Dropout.class, layer.getIDropout()).getP());
    }

    @Test
    void batchNormMomentumBecomesDl4jDecay() throws Exception {
        CompiledModel model = ModelFixtures.compile(ModelFixtures.inline("cross_entropy", "{sgd: {lr: 0.1}}",
                "conv2d: {filters: 4, kernel: 3}", "batchnorm: {momentum: 0.2, eps: 0.001}", "relu", "flatten",
                "dense: {units: 10}"), 1, 2);
        BatchNormalization bn = assertInstanceOf(BatchNormalization.class, confOf(model.network(), 1));
        assertEquals(0.8, bn.getDecay(), 1e-15);
        assertEquals(0.001, bn.getEps());
        assertEquals(8, model.summary().rows().get(1).parameters());
        // DL4J also keeps running mean and variance as parameters: 4 more each.
        assertEquals(model.summary().totalParameters() + 8, model.network().numParams());
    }

    /** Each experiment layer's count (PyTorch's) equals the parameters DL4J allocated for it. */
    private static void assertLayerParamsMatchSummary(CompiledModel model) {
        for (int i = 0; i < model.dl4jLayerOf().size(); i++) {
            int index = model.dl4jLayerOf().get(i);
            long expected = model.summary().rows().get(i).parameters();
            long actual = index < 0 ? 0 : model.network().getLayer(index).numParams();
            assertEquals(expected, actual, "parameters of layer " + i + " (" + model.summary().rows().get(i).kind()
                    + ")");
        }
    }
}
