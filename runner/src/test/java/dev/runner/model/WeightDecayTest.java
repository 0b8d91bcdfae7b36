package dev.runner.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * Weight decay through a whole compiled network, where PyTorch adds {@code weight_decay·p} to every parameter's
 * gradient. The trick: with all-zero images the loss gradient of the first layer's weights is exactly zero
 * (it is the input times the error), so those weights move by weight decay alone, and the bias gradient of a
 * single dense layer is {@code softmax(b) − mean(labels)}, which the test computes itself.
 */
class WeightDecayTest {
    private static final int[] LABELS = {0, 3, 3, 9};

    private static DataSet zeroImages() {
        INDArray labels = Nd4j.zeros(DataType.FLOAT, LABELS.length, 10);
        for (int i = 0; i < LABELS.length; i++) labels.putScalar(i, LABELS[i], 1f);
        return new DataSet(Nd4j.zeros(DataType.FLOAT, LABELS.length, 28, 28, 1), labels);
    }

    private static MultiLayerNetwork singleDense(String optimizer) throws Exception {
        return ModelFixtures.compile(ModelFixtures.inline("cross_entropy", optimizer, "flatten",
                "dense: {units: 10}"), 11, 12).network();
    }

    private static double[] meanLabels() {
        double[] y = new double[10];
        for (int label : LABELS) y[label] += 1.0 / LABELS.length;
        return y;
    }

    /** The bias gradient of softmax cross-entropy, averaged over the batch, when every logit row equals b. */
    private static double[] biasGradient(double[] b, double wd) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : b) max = Math.max(max, v);
        double sum = 0;
        for (double v : b) sum += Math.exp(v - max);
        double[] y = meanLabels();
        double[] g = new double[b.length];
        for (int i = 0; i < b.length; i++) g[i] = Math.exp(b[i] - max) / sum - y[i] + wd * b[i];
        return g;
    }

    private static double[] doubles(INDArray a) {
        return a.dup('c').castTo(DataType.DOUBLE).data().asDouble();
    }

    @Test
    void withoutWeightDecayZeroImagesLeaveTheWeightsAlone() throws Exception {
        MultiLayerNetwork network = singleDense("{sgd: {lr: 0.1, momentum: 0.9}}");
        INDArray w0 = network.getLayer(0).getParam("W").dup();
        network.fit(zeroImages());
        network.fit(zeroImages());
        assertEquals(w0, network.getLayer(0).getParam("W"));
    }

    @Test
    void sgdWithMomentumAndWeightDecay() throws Exception {
        double lr = 0.1;
        double mu = 0.9;
        double wd = 0.01;
        MultiLayerNetwork network = singleDense("{sgd: {lr: 0.1, momentum: 0.9, weight_decay: 0.01}}");
        double[] w = doubles(network.getLayer(0).getParam("W"));
        double[] b = doubles(network.getLayer(0).getParam("b"));
        double[] vw = new double[w.length];
        double[] vb = new double[b.length];
        for (int step = 0; step < 3; step++) {
            network.fit(zeroImages());
            double[] gb = biasGradient(b, wd);
            for (int i = 0; i < w.length; i++) {
                vw[i] = mu * vw[i] + wd * w[i]; // the loss contributes nothing to these weights
                w[i] -= lr * vw[i];
            }
            for (int i = 0; i < b.length; i++) {
                vb[i] = mu * vb[i] + gb[i];
                b[i] -= lr * vb[i];
            }
            assertArrayEquals(w, doubles(network.getLayer(0).getParam("W")), 1e-7, "weights after step " + step);
            assertArrayEquals(b, doubles(network.getLayer(0).getParam("b")), 1e-6, "biases after step " + step);
        }
    }

    @Test
    void plainSgdShrinksWeightsByLrTimesDecay() throws Exception {
        MultiLayerNetwork network = singleDense("{sgd: {lr: 0.5, weight_decay: 0.1}}");
        double[] w0 = doubles(network.getLayer(0).getParam("W"));
        network.fit(zeroImages());
        double[] expected = new double[w0.length];
        for (int i = 0; i < w0.length; i++) expected[i] = w0[i] * (1 - 0.5 * 0.1); // p − lr·wd·p
        assertArrayEquals(expected, doubles(network.getLayer(0).getParam("W")), 1e-7);
    }

    @Test
    void adamWithWeightDecayIsNotAdamW() throws Exception {
        double lr = 0.01;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double wd = 0.05;
        MultiLayerNetwork network = singleDense("{adam: {lr: 0.01, weight_decay: 0.05}}");
        double[] w = doubles(network.getLayer(0).getParam("W"));
        double[] b = doubles(network.getLayer(0).getParam("b"));
        double[][] m = {new double[w.length], new double[b.length]};
        double[][] v = {new double[w.length], new double[b.length]};
        for (int t = 1; t <= 2; t++) {
            network.fit(zeroImages());
            double[] gw = new double[w.length];
            for (int i = 0; i < w.length; i++) gw[i] = wd * w[i];
            double[] gb = biasGradient(b, wd);
            double[][] params = {w, b};
            double[][] grads = {gw, gb};
            for (int k = 0; k < 2; k++) {
                for (int i = 0; i < params[k].length; i++) {
                    m[k][i] = b1 * m[k][i] + (1 - b1) * grads[k][i];
                    v[k][i] = b2 * v[k][i] + (1 - b2) * grads[k][i] * grads[k][i];
                    double denom = Math.sqrt(v[k][i]) / Math.sqrt(1 - Math.pow(b2, t)) + eps;
                    params[k][i] -= lr / (1 - Math.pow(b1, t)) * m[k][i] / denom;
                }
            }
            // float32 network against a double reference; AdamW would have moved the weights ~1000× less.
            assertArrayEquals(w, doubles(network.getLayer(0).getParam("W")), 2e-6, "weights after step " + t);
            assertArrayEquals(b, doubles(network.getLayer(0).getParam("b")), 2e-6, "biases after step " + t);
        }
    }

    @Test
    void batchNormScaleAndShiftDecayToo() throws Exception {
        // PyTorch's weight_decay applies to every parameter in model.parameters(), batch-norm γ and β included.
        CompiledModel model = ModelFixtures.compile(ModelFixtures.inline("cross_entropy",
                "{sgd: {lr: 0.1, weight_decay: 0.01}}", "conv2d: {filters: 3, kernel: 3, bias: false}", "batchnorm", "flatten",
                "dense: {units: 10}"), 1, 2);
        BaseLayer bn = (BaseLayer) model.network().getLayerWiseConfigurations().getConf(1).getLayer();
        assertEquals(List.of(0.01), l2Of(bn.getRegularizationByParam("gamma")));
        assertEquals(List.of(0.01), l2Of(bn.getRegularizationByParam("beta")));
        // The running statistics are buffers, updated by their own rule; decaying them would be wrong.
        for (String buffer : model.network().getLayer(1).paramTable().keySet()) {
            if (!buffer.equals("gamma") && !buffer.equals("beta")) {
                assertEquals(List.of(), l2Of(bn.getRegularizationByParam(buffer)), buffer);
            }
        }
        // Observable: zero images through a bias-free convolution give exact zeros, so the normalised value is 0
        // and γ's loss gradient (the sum of error × normalised value) is exactly zero: γ moves by weight decay
        // alone, where DL4J's own batch norm would leave it at 1.
        model.network().fit(zeroImages());
        INDArray gamma = model.network().getLayer(1).getParam("gamma");
        assertArrayEquals(new double[]{0.999, 0.999, 0.999}, doubles(gamma), 1e-7); // 1 − 0.1·0.01·1
    }

    private static List<Double> l2Of(List<Regularization> regularizations) {
        if (regularizations == null) return List.of();
        assertTrue(regularizations.stream().allMatch(r -> r instanceof L2Regularization), regularizations::toString);
        return regularizations.stream().map(r -> ((L2Regularization) r).getL2().valueAt(0, 0)).toList();
    }
}
