package dev.runner.model;

import java.lang.reflect.Field;
import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.AlgoMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdDataAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdFilterAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.FwdAlgo;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The oneDNN convolution helper of a network's first layer, with a backward pass that computes the weight and bias
 * gradients only.
 *
 * <p>Why: DL4J's backward pass computes every layer's input gradient, the first layer's too, and then drops it
 * ({@code MultiLayerNetwork.calcBackpropGradients} sets it to null at layer 0). For the first convolution of an
 * MNIST network that gradient is the most expensive thing in the step: oneDNN has no fast kernel for a
 * one-channel data gradient (a generic JIT kernel on LeNet and the JumpML CNN, Winograd on fidle's CNN), plus two
 * reorders into its blocked layout; measured with {@code DNNL_VERBOSE}, 40–55% of all oneDNN time in a training
 * step of those three networks. Here the weight gradient is im2col (in Java) followed by one GEMM, as DL4J
 * computes it without helpers, and the bias gradient comes out of the same GEMM: the same sums, in another order, so
 * the figures differ from oneDNN's in the last bits but are deterministic for a given thread count.
 *
 * <p>The forward pass (training and inference) stays oneDNN's.
 */
final class FirstConvolutionHelper implements ConvolutionHelper {
    private static final Field HELPER = Dl4jFields.field(ConvolutionLayer.class, "helper");

    private final MKLDNNConvHelper onednn;
    private final boolean hasBias;
    private float[] pixels;
    private float[] patches;

    FirstConvolutionHelper(MKLDNNConvHelper onednn, boolean hasBias) {
        this.onednn = onednn;
        this.hasBias = hasBias;
    }

    /**
     * Puts this helper in front of the first layer's oneDNN helper when that layer is a convolution whose input
     * gradient nothing reads: no input preprocessor (which would backpropagate it) and no dropout on its input.
     */
    static void install(MultiLayerNetwork network) {
        if (network.getnLayers() == 0 || !(network.getLayer(0) instanceof ConvolutionLayer layer)
                || network.getLayerWiseConfigurations().getInputPreProcess(0) != null
                || layer.layerConf().getIDropout() != null
                || layer.layerConf().getCnn2dDataFormat() != CNN2DFormat.NHWC) {
            return;
        }
        try {
            if (HELPER.get(layer) instanceof MKLDNNConvHelper onednn) {
                HELPER.set(layer, new FirstConvolutionHelper(onednn, layer.layerConf().hasBias()));
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot reach DL4J's convolution helper field", e);
        }
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray weights, INDArray bias, INDArray delta,
            int[] kernel, int[] strides, int[] pad, INDArray biasGradView, INDArray weightGradView, IActivation afn,
            AlgoMode mode, BwdFilterAlgo bwdFilterAlgo, BwdDataAlgo bwdDataAlgo, ConvolutionMode convolutionMode,
            int[] dilation, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        long positions = delta.rank() == 4 ? delta.size(0) * delta.size(1) * delta.size(2) : 0;
        // Java arrays hold the input and the columns: int-indexed, so bigger batches go to oneDNN.
        if (input.dataType() != DataType.FLOAT || weights.dataType() != DataType.FLOAT || format != CNN2DFormat.NHWC
                || delta.rank() != 4 || positions * (weights.length() / weights.size(0) + 1) >= Integer.MAX_VALUE
                || input.length() >= Integer.MAX_VALUE) {
            return onednn.backpropGradient(input, weights, bias, delta, kernel, strides, pad, biasGradView,
                    weightGradView, afn, mode, bwdFilterAlgo, bwdDataAlgo, convolutionMode, dilation, format,
                    workspaceMgr);
        }
        long batch = input.size(0);
        long inChannels = weights.size(1);
        int kH = (int) weights.size(2);
        int kW = (int) weights.size(3);
        long outChannels = weights.size(0);
        long outH = delta.size(1);
        long outW = delta.size(2);
        if (convolutionMode == ConvolutionMode.Same) {
            pad = org.deeplearning4j.util.ConvolutionUtils.getSameModeTopLeftPadding(
                    new int[] {(int) outH, (int) outW}, new int[] {(int) input.size(1), (int) input.size(2)}, kernel,
                    strides, dilation);
        }
        INDArray source = input.ordering() == 'c' && input.elementWiseStride() == 1 ? input : input.dup('c');
        long patch = inChannels * kH * kW;
        // With a bias, each row ends in a 1, so that the same product yields the bias gradient as its last row: the
        // sum over positions, without a column-wise ND4J reduction (which took as long as the product).
        long width = hasBias ? patch + 1 : patch;
        INDArray columns2d = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, DataType.FLOAT,
                new long[] {batch * outH * outW, width}, 'c');
        columns(source, kH, kW, strides, pad, dilation, (int) outH, (int) outW, hasBias, columns2d);
        INDArray delta2d = delta.reshape('c', batch * outH * outW, outChannels);
        INDArray product = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, DataType.FLOAT,
                new long[] {width, outChannels}, 'c');
        Nd4j.gemm(columns2d, delta2d, product, true, false, 1.0, 0.0);
        // The weight gradient [outC, inC·kH·kW] in c order is the product's first rows, transposed.
        weightGradView.reshape('c', outChannels, patch).assign(
                product.get(NDArrayIndex.interval(0, patch), NDArrayIndex.all()).transpose());
        Gradient gradient = new DefaultGradient();
        if (hasBias) {
            biasGradView.reshape(1, outChannels).assign(product.get(NDArrayIndex.interval(patch, width),
                    NDArrayIndex.all()));
            gradient.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, biasGradView);
        }
        gradient.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, weightGradView, 'c');
        // No input gradient: MultiLayerNetwork discards layer 0's.
        return new Pair<>(gradient, null);
    }

    /**
     * im2col for channels-last input, written in Java: ND4J's im2col writing through a permuted view took longer
     * than the oneDNN backward pass it replaces. Row {@code (n, oh, ow)} holds the patch that output position sees,
     * ordered (channel, kh, kw) as the weights are, zeros where it hangs over the padding, then a 1 if asked.
     */
    private void columns(INDArray input, int kH, int kW, int[] strides, int[] pad, int[] dilation, int outH, int outW,
            boolean onesColumn, INDArray columns2d) {
        int batch = (int) input.size(0);
        int height = (int) input.size(1);
        int width = (int) input.size(2);
        int channels = (int) input.size(3);
        int colLength = (int) columns2d.length();
        if (patches == null || patches.length < colLength) patches = new float[colLength];
        pixels = DenseFloats.read(input, pixels);
        float[] x = pixels;
        float[] col = patches;
        int rowLength = width * channels;
        int patch = channels * kH * kW;
        int stride = onesColumn ? patch + 1 : patch;
        // For each output row (n, oh), one column k = (c, kh, kw) at a time: a plain strided copy along ow, with
        // the positions that fall into the padding cut off in advance rather than tested one by one.
        for (int n = 0; n < batch; n++) {
            int image = n * height * rowLength;
            for (int oh = 0; oh < outH; oh++) {
                int rowBase = (n * outH + oh) * outW * stride;
                for (int c = 0; c < channels; c++) {
                    for (int kh = 0; kh < kH; kh++) {
                        int ih = oh * strides[0] - pad[0] + kh * dilation[0];
                        for (int kw = 0; kw < kW; kw++) {
                            int at = rowBase + (c * kH + kh) * kW + kw;
                            int offset = kw * dilation[1] - pad[1];
                            int first = 0;
                            int end = 0;
                            if (ih >= 0 && ih < height) {
                                first = offset >= 0 ? 0 : Math.min(outW, (-offset + strides[1] - 1) / strides[1]);
                                end = width - 1 - offset < 0 ? 0
                                        : Math.min(outW, (width - 1 - offset) / strides[1] + 1);
                                end = Math.max(end, first);
                            }
                            for (int ow = 0; ow < first; ow++) col[at + ow * stride] = 0f;
                            int source = image + ih * rowLength + offset * channels + c;
                            int step = strides[1] * channels;
                            for (int ow = first; ow < end; ow++) col[at + ow * stride] = x[source + ow * step];
                            for (int ow = end; ow < outW; ow++) col[at + ow * stride] = 0f;
                        }
                    }
                }
                if (onesColumn) {
                    for (int ow = 0; ow < outW; ow++) col[rowBase + ow * stride + patch] = 1f;
                }
            }
        }
        DenseFloats.write(col, columns2d);
    }

    @Override
    public INDArray preOutput(INDArray input, INDArray weights, INDArray bias, int[] kernel, int[] strides, int[] pad,
            AlgoMode mode, FwdAlgo fwdAlgo, ConvolutionMode convolutionMode, int[] dilation, CNN2DFormat format,
            LayerWorkspaceMgr workspaceMgr) {
        return onednn.preOutput(input, weights, bias, kernel, strides, pad, mode, fwdAlgo, convolutionMode, dilation,
                format, workspaceMgr);
    }

    @Override
    public INDArray activate(INDArray z, IActivation afn, boolean training) {
        return onednn.activate(z, afn, training);
    }

    @Override
    public boolean checkSupported() {
        return onednn.checkSupported();
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        return onednn.helperMemoryUse();
    }
}
