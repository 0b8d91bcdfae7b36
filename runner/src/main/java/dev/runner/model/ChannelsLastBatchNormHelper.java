package dev.runner.model;

import java.lang.reflect.Field;
import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's oneDNN batch-norm helper with the training batch's mean and variance, and the backward pass, computed in
 * Java.
 *
 * <p>Why: with channels last (NHWC, or [N, C] after a dense layer) each channel's values lie {@code C} floats
 * apart, and the helper's ND4J mean and variance walked the whole activation once per channel, one cache line per
 * value, the variance as a chain of dependent double divisions: about 15% of a training step on the batch-norm CNN
 * of bench/models/bncnn.yaml. Here one pass in memory order runs every channel's chain side by side. The
 * arithmetic is ND4J's, operation for operation and in the same order per channel (see {@link #statistics}), so the
 * statistics, and the normalised output computed from them, are bit-identical. libnd4j's backward op had the same
 * strided walks (19% of that step); here it is two passes in memory order, sums in double, so its gradients equal
 * oneDNN's to float rounding, not bit for bit, and are deterministic.
 *
 * <p>The normalisation op, inference with the running statistics and other layouts stay the oneDNN helper's. Its
 * backward op (used when this class's forward pass did not see the batch) reads the helper's private statistics
 * fields, so this class writes its own arrays into them.
 */
final class ChannelsLastBatchNormHelper implements BatchNormalizationHelper {
    private static final Field HELPER = Dl4jFields.field(BatchNormalization.class, "helper");
    private static final Field MEAN_CACHE = Dl4jFields.field(MKLDNNBatchNormHelper.class, "meanCache");
    private static final Field VAR_CACHE = Dl4jFields.field(MKLDNNBatchNormHelper.class, "varCache");

    private final MKLDNNBatchNormHelper onednn;
    private INDArray mean;
    private INDArray variance;
    private float[] values;
    private float[] gradients;
    private boolean statisticsFresh;
    private float[] sums;
    private double[] means;
    private double[] squares;

    ChannelsLastBatchNormHelper(MKLDNNBatchNormHelper onednn) {
        this.onednn = onednn;
    }

    /** Puts this helper in front of the layer's oneDNN helper; leaves the layer alone when it has none. */
    static void install(BatchNormalization layer) {
        try {
            if (HELPER.get(layer) instanceof MKLDNNBatchNormHelper onednn) {
                HELPER.set(layer, new ChannelsLastBatchNormHelper(onednn));
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot reach DL4J's batch-norm helper field", e);
        }
    }

    @Override
    public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta,
            INDArray globalMean, INDArray globalVar, double decay, double eps, CNN2DFormat format,
            LayerWorkspaceMgr workspaceMgr) {
        boolean channelsLast = x.rank() == 2 || (x.rank() == 4 && format == CNN2DFormat.NHWC);
        if (!training || !channelsLast || x.dataType() != DataType.FLOAT || !contiguous(x)) {
            if (training) statisticsFresh = false;
            return onednn.preOutput(x, training, shape, gamma, beta, globalMean, globalVar, decay, eps, format,
                    workspaceMgr);
        }
        long channels = x.size(x.rank() - 1);
        if (mean == null || mean.length() != channels) {
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                mean = Nd4j.createUninitialized(x.dataType(), channels);
                variance = Nd4j.createUninitialized(x.dataType(), channels);
            }
            setStatistics(mean, variance);
        }
        statistics(x, (int) channels);
        statisticsFresh = true;
        // With the statistics given, the oneDNN helper's inference path runs the same normalisation op on them.
        return onednn.preOutput(x, false, shape, gamma, beta, mean, variance, decay, eps, format, workspaceMgr);
    }

    /**
     * The per-channel mean and (biased) variance of a channels-last input, as the ND4J ops compute them: the mean
     * is a float sum in (n, h, w) order divided by the count; the variance is libnd4j's SummaryStatsVariance, a
     * Welford update in double per value, again in (n, h, w) order, M2 / n cast to float. Each channel is an
     * independent chain, so the inner loop over channels runs several chains at once.
     */
    private void statistics(INDArray x, int channels) {
        int length = (int) x.length();
        int rows = length / channels;
        if (sums == null || sums.length < channels) {
            sums = new float[channels];
            means = new double[channels];
            squares = new double[channels];
        }
        values = DenseFloats.read(x, values);
        float[] v = values;
        float[] sum = sums;
        double[] mean = means;
        double[] m2 = squares;
        for (int c = 0; c < channels; c++) {
            sum[c] = 0f + v[c];
            mean[c] = v[c];
            m2[c] = 0.0;
        }
        for (int r = 1; r < rows; r++) {
            double before = r;
            double n = r + 1.0;
            int base = r * channels;
            for (int c = 0; c < channels; c++) {
                float value = v[base + c];
                sum[c] += value;
                double delta = value - mean[c];
                mean[c] = mean[c] + delta / n;
                m2[c] = m2[c] + delta * delta * before / n;
            }
        }
        float count = rows;
        for (int c = 0; c < channels; c++) {
            this.mean.putScalar(c, sum[c] / count);
            this.variance.putScalar(c, rows <= 1 ? 0f : (float) (m2[c] / rows));
        }
    }

    private static boolean contiguous(INDArray x) {
        return x.ordering() == 'c' && x.elementWiseStride() == 1;
    }

    private void setStatistics(INDArray m, INDArray v) {
        try {
            MEAN_CACHE.set(onednn, m);
            VAR_CACHE.set(onednn, v);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot reach DL4J's batch-norm statistics fields", e);
        }
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, long[] shape, INDArray gamma,
            INDArray beta, INDArray dGammaView, INDArray dBetaView, double eps, CNN2DFormat format,
            LayerWorkspaceMgr workspaceMgr) {
        boolean channelsLast = input.rank() == 2 || (input.rank() == 4 && format == CNN2DFormat.NHWC);
        if (!statisticsFresh || !channelsLast || input.dataType() != DataType.FLOAT || !contiguous(input)
                || gamma == null || dGammaView == null || dBetaView == null
                || input.size(input.rank() - 1) != mean.length() || input.length() > Integer.MAX_VALUE) {
            return onednn.backpropGradient(input, epsilon, shape, gamma, beta, dGammaView, dBetaView, eps, format,
                    workspaceMgr);
        }
        INDArray dy = contiguous(epsilon) && java.util.Arrays.equals(epsilon.shape(), input.shape()) ? epsilon
                : epsilon.dup('c');
        int channels = (int) mean.length();
        int length = (int) input.length();
        int rows = length / channels;
        values = DenseFloats.read(input, values);
        gradients = DenseFloats.read(dy, gradients);
        float[] x = values;
        float[] g = gradients;
        float[] m = mean.toFloatVector();
        float[] var = variance.toFloatVector();
        float[] gammas = gamma.reshape(gamma.length()).toFloatVector();
        double[] sumDy = new double[channels];
        double[] sumDyXmu = new double[channels];
        for (int r = 0; r < rows; r++) {
            int base = r * channels;
            for (int c = 0; c < channels; c++) {
                double d = g[base + c];
                sumDy[c] += d;
                sumDyXmu[c] += d * ((double) x[base + c] - m[c]);
            }
        }
        // dx = γ/σ · (dy − Σdy/N − x̂ · Σ(dy·x̂)/N), x̂ = (x − μ)/σ, written per channel as k1·dy + k2·(x − μ) + k3.
        float[] k1 = new float[channels];
        float[] k2 = new float[channels];
        float[] k3 = new float[channels];
        for (int c = 0; c < channels; c++) {
            double invStd = 1.0 / Math.sqrt((double) var[c] + eps);
            double scale = gammas[c] * invStd;
            k1[c] = (float) scale;
            k2[c] = (float) (-scale * invStd * invStd * sumDyXmu[c] / rows);
            k3[c] = (float) (-scale * sumDy[c] / rows);
            dGammaView.putScalar(c, sumDyXmu[c] * invStd);
            dBetaView.putScalar(c, sumDy[c]);
        }
        for (int r = 0; r < rows; r++) {
            int base = r * channels;
            for (int c = 0; c < channels; c++) {
                g[base + c] = k1[c] * g[base + c] + k2[c] * (x[base + c] - m[c]) + k3[c];
            }
        }
        INDArray epsAtInput = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT,
                input.shape(), 'c');
        DenseFloats.write(g, epsAtInput);
        Gradient gradient = new DefaultGradient();
        gradient.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
        gradient.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
        return new Pair<>(gradient, epsAtInput);
    }

    @Override
    public INDArray getMeanCache(DataType dataType) {
        return onednn.getMeanCache(dataType);
    }

    @Override
    public INDArray getVarCache(DataType dataType) {
        return onednn.getVarCache(dataType);
    }

    @Override
    public boolean checkSupported(double eps, boolean fixedGammaBeta) {
        return onednn.checkSupported(eps, fixedGammaBeta);
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
