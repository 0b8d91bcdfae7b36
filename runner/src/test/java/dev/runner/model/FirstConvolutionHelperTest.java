package dev.runner.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The first convolution's weight and bias gradients agree with oneDNN's (the same sums in another order: equal to
 * float rounding, not bit for bit), are bit-identical from one call to the next, and no input gradient is made.
 */
class FirstConvolutionHelperTest {

    /** LeNet's first layer; fidle's and lecture 6's (padded 3×3); several channels, stride 2, no bias; Same mode. */
    @ParameterizedTest
    @CsvSource({
        "64, 28, 28, 1, 6, 5, 1, 0, Truncate, true, 1",
        "37, 28, 28, 1, 6, 3, 1, 1, Truncate, true, 2",
        "9, 13, 11, 3, 4, 3, 2, 1, Truncate, false, 3",
        "5, 9, 9, 2, 5, 4, 2, 0, Same, true, 4"})
    void agreesWithOneDnn(int batch, int height, int width, int inChannels, int outChannels, int kernel, int stride,
            int pad, ConvolutionMode mode, boolean bias, long seed) {
        assertAgreesWithOneDnn(batch, height, width, inChannels, outChannels, kernel, stride, pad, mode, bias, seed);
    }

    @Test
    void theCompilerInstallsItOnTheFirstLayerOnly() throws Exception {
        MultiLayerNetwork lenet = ModelFixtures.compile(ModelFixtures.shipped("lenet.yaml"), 1, 2).network();
        assertInstanceOf(FirstConvolutionHelper.class, ((ConvolutionLayer) lenet.getLayer(0)).getHelper());
        assertInstanceOf(MKLDNNConvHelper.class, ((ConvolutionLayer) lenet.getLayer(3)).getHelper());
        MultiLayerNetwork afterDropout = ModelFixtures.compile(ModelFixtures.inline("cross_entropy",
                "{sgd: {lr: 0.1}}", "dropout: {rate: 0.2}", "conv2d: {filters: 2, kernel: 3}", "flatten",
                "dense: {units: 10}"), 1, 2).network();
        assertInstanceOf(MKLDNNConvHelper.class, ((ConvolutionLayer) afterDropout.getLayer(1)).getHelper());
    }

    @Test
    void aWholeNetworksGradientMatchesOneDnns() throws Exception {
        // The lecture-6 CNN: a padded 3×3 first convolution with bias, batch 10, as the tutorial trains it.
        MultiLayerNetwork fast = ModelFixtures.compile(ModelFixtures.shipped("tutorials/lecture6-cnn-mnist.yaml"),
                5, 6).network();
        MultiLayerNetwork stock = fast.clone();
        assertInstanceOf(FirstConvolutionHelper.class, ((ConvolutionLayer) fast.getLayer(0)).getHelper());
        assertInstanceOf(MKLDNNConvHelper.class, ((ConvolutionLayer) stock.getLayer(0)).getHelper());
        Nd4j.getRandom().setSeed(12);
        INDArray features = Nd4j.rand(DataType.FLOAT, 10, 28, 28, 1);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 10, 10);
        for (int i = 0; i < 10; i++) labels.putScalar(i, (i * 7) % 10, 1f);
        for (MultiLayerNetwork network : List.of(fast, stock)) {
            network.setInput(features);
            network.setLabels(labels);
            network.computeGradientAndScore();
        }
        assertEquals(stock.score(), fast.score(), 0.0, "the forward pass is oneDNN's in both");
        assertClose(stock.gradient().gradient(), fast.gradient().gradient());
        for (String key : List.of("0_W", "0_b")) {
            assertClose(stock.gradient().getGradientFor(key), fast.gradient().getGradientFor(key));
        }
    }

    @Test
    void portableRunsKeepOneDnnsGradient() throws Exception {
        MultiLayerNetwork portable = ModelFixtures.compile(ModelFixtures.parse("portable.yaml",
                Files.readString(Path.of(System.getProperty("basedir", ".")).resolve("../experiments/lenet.yaml"))
                        + "\nreproducibility: portable\n"), 1, 2).network();
        assertInstanceOf(MKLDNNConvHelper.class, ((ConvolutionLayer) portable.getLayer(0)).getHelper());
    }

    private static void assertAgreesWithOneDnn(int batch, int height, int width, int inChannels, int outChannels,
            int kernel, int stride, int pad, ConvolutionMode mode, boolean bias, long seed) {
        Nd4j.getRandom().setSeed(seed);
        int outH = mode == ConvolutionMode.Same ? (height + stride - 1) / stride
                : (height + 2 * pad - kernel) / stride + 1;
        int outW = mode == ConvolutionMode.Same ? (width + stride - 1) / stride
                : (width + 2 * pad - kernel) / stride + 1;
        INDArray input = Nd4j.rand(DataType.FLOAT, batch, height, width, inChannels);
        INDArray weights = Nd4j.randn(DataType.FLOAT, outChannels, inChannels, kernel, kernel);
        INDArray biases = bias ? Nd4j.randn(DataType.FLOAT, 1, outChannels) : null;
        INDArray delta = Nd4j.randn(DataType.FLOAT, batch, outH, outW, outChannels);

        INDArray expectedW = Nd4j.zeros(DataType.FLOAT, weights.shape());
        INDArray expectedB = bias ? Nd4j.zeros(DataType.FLOAT, 1, outChannels) : null;
        Pair<Gradient, INDArray> expected = backprop(new MKLDNNConvHelper(DataType.FLOAT), input, weights, biases,
                delta, kernel, stride, pad, mode, expectedW, expectedB);
        assertEquals(input.length(), expected.getSecond().length(), "oneDNN computes the input gradient");

        FirstConvolutionHelper helper = new FirstConvolutionHelper(new MKLDNNConvHelper(DataType.FLOAT), bias);
        INDArray actualW = Nd4j.zeros(DataType.FLOAT, weights.shape());
        INDArray actualB = Nd4j.zeros(DataType.FLOAT, 1, outChannels);
        Pair<Gradient, INDArray> actual = backprop(helper, input, weights, biases, delta, kernel, stride, pad, mode,
                actualW, actualB);
        assertNull(actual.getSecond());
        assertClose(expectedW, actualW);
        assertClose(expectedW, actual.getFirst().getGradientFor("W"));
        if (bias) {
            assertClose(expectedB, actualB);
            assertClose(expectedB, actual.getFirst().getGradientFor("b"));
        } else {
            assertNull(actual.getFirst().getGradientFor("b"));
        }

        INDArray againW = Nd4j.zeros(DataType.FLOAT, weights.shape());
        INDArray againB = Nd4j.zeros(DataType.FLOAT, 1, outChannels);
        backprop(helper, input, weights, biases, delta, kernel, stride, pad, mode, againW, againB);
        FloatAssertions.assertBits(actualW, againW);
        FloatAssertions.assertBits(actualB, againB);
    }

    private static Pair<Gradient, INDArray> backprop(org.deeplearning4j.nn.layers.convolution.ConvolutionHelper helper,
            INDArray input, INDArray weights, INDArray biases, INDArray delta, int kernel, int stride, int pad,
            ConvolutionMode mode, INDArray weightGrad, INDArray biasGrad) {
        return helper.backpropGradient(input, weights, biases, delta, new int[] {kernel, kernel},
                new int[] {stride, stride}, new int[] {pad, pad}, biasGrad, weightGrad, new ActivationIdentity(), null,
                null, null, mode, new int[] {1, 1}, CNN2DFormat.NHWC, LayerWorkspaceMgr.noWorkspaces());
    }

    /** Equal to float rounding: the sums run over up to 37,000 products, in another order than oneDNN's. */
    private static void assertClose(INDArray expected, INDArray actual) {
        FloatAssertions.assertClose(expected, actual, 1e-5);
    }
}
