package dev.runner.model;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The helper's batch statistics and outputs are bit-identical to DL4J's oneDNN helper's; its gradients equal them to
 * float rounding and are bit-identical from one call to the next.
 */
class ChannelsLastBatchNormHelperTest {

    @Test
    void nhwcTrainingStepIsBitIdenticalToTheOneDnnHelper() {
        Nd4j.getRandom().setSeed(7);
        // 37 rows per channel is odd on purpose; the values are far from zero mean, where a naive variance drifts.
        assertSameStep(Nd4j.rand(DataType.FLOAT, 3, 3, 37 / 3 + 1, 6).muli(5).addi(11), CNN2DFormat.NHWC);
    }

    @Test
    void denseTrainingStepIsBitIdenticalToTheOneDnnHelper() {
        Nd4j.getRandom().setSeed(8);
        assertSameStep(Nd4j.randn(DataType.FLOAT, 33, 10).muli(3).subi(2), CNN2DFormat.NCHW);
    }

    @Test
    void nchwInputFallsBackToTheOneDnnHelper() {
        Nd4j.getRandom().setSeed(9);
        assertSameStep(Nd4j.rand(DataType.FLOAT, 4, 5, 3, 3), CNN2DFormat.NCHW);
    }

    private static void assertSameStep(INDArray x, CNN2DFormat format) {
        int channelAxis = x.rank() == 4 && format == CNN2DFormat.NCHW ? 1 : x.rank() - 1;
        long channels = x.size(channelAxis);
        INDArray gamma = Nd4j.rand(DataType.FLOAT, channels).addi(0.5);
        INDArray beta = Nd4j.randn(DataType.FLOAT, channels);
        INDArray epsilon = Nd4j.randn(DataType.FLOAT, x.shape());
        LayerWorkspaceMgr workspaces = LayerWorkspaceMgr.noWorkspaces();

        MKLDNNBatchNormHelper reference = new MKLDNNBatchNormHelper(DataType.FLOAT);
        ChannelsLastBatchNormHelper fast = new ChannelsLastBatchNormHelper(new MKLDNNBatchNormHelper(DataType.FLOAT));

        INDArray expectedOut = reference.preOutput(x, true, x.shape(), gamma, beta, Nd4j.zeros(DataType.FLOAT,
                channels), Nd4j.ones(DataType.FLOAT, channels), 0.9, 1e-5, format, workspaces);
        INDArray actualOut = fast.preOutput(x, true, x.shape(), gamma, beta, Nd4j.zeros(DataType.FLOAT, channels),
                Nd4j.ones(DataType.FLOAT, channels), 0.9, 1e-5, format, workspaces);
        FloatAssertions.assertBits(reference.getMeanCache(DataType.FLOAT), fast.getMeanCache(DataType.FLOAT));
        FloatAssertions.assertBits(reference.getVarCache(DataType.FLOAT), fast.getVarCache(DataType.FLOAT));
        FloatAssertions.assertBits(expectedOut, actualOut);

        INDArray dGammaExpected = Nd4j.zeros(DataType.FLOAT, channels);
        INDArray dBetaExpected = Nd4j.zeros(DataType.FLOAT, channels);
        INDArray dGammaActual = Nd4j.zeros(DataType.FLOAT, channels);
        INDArray dBetaActual = Nd4j.zeros(DataType.FLOAT, channels);
        Pair<Gradient, INDArray> expected = reference.backpropGradient(x, epsilon, x.shape(), gamma, beta,
                dGammaExpected, dBetaExpected, 1e-5, format, workspaces);
        Pair<Gradient, INDArray> actual = fast.backpropGradient(x, epsilon, x.shape(), gamma, beta, dGammaActual,
                dBetaActual, 1e-5, format, workspaces);
        assertNotNull(actual);
        // The backward pass is the same formula summed in another order (in double): equal to float rounding.
        assertClose(expected.getSecond(), actual.getSecond());
        assertClose(dGammaExpected, dGammaActual);
        assertClose(dBetaExpected, dBetaActual);
        assertClose(expected.getFirst().getGradientFor("gamma"), actual.getFirst().getGradientFor("gamma"));
        assertClose(expected.getFirst().getGradientFor("beta"), actual.getFirst().getGradientFor("beta"));

        INDArray dGammaAgain = Nd4j.zeros(DataType.FLOAT, channels);
        INDArray dBetaAgain = Nd4j.zeros(DataType.FLOAT, channels);
        Pair<Gradient, INDArray> again = fast.backpropGradient(x, epsilon, x.shape(), gamma, beta, dGammaAgain,
                dBetaAgain, 1e-5, format, workspaces);
        FloatAssertions.assertBits(actual.getSecond(), again.getSecond());
        FloatAssertions.assertBits(dGammaActual, dGammaAgain);
        FloatAssertions.assertBits(dBetaActual, dBetaAgain);
    }

    private static void assertClose(INDArray expected, INDArray actual) {
        FloatAssertions.assertClose(expected, actual, 2e-5);
    }
}
