package dev.runner.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.config.LoadedExperiment;
import dev.runner.config.OptimizerSpec;
import dev.runner.model.updater.TorchAdam;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

/**
 * AdamW through a whole compiled network, with WeightDecayTest's trick: all-zero images give the first layer's
 * weights an exactly zero loss gradient, so Adam leaves them alone (m = v = 0, step 0/(0 + ε)) and they move by the
 * decoupled decay alone, p ← p·(1 − lr·wd) per step; biases take the Adam step of their own gradient
 * {@code softmax(b) − mean(labels)} (no decay in it) plus the decay.
 */
class AdamWNetworkTest {
    private static final int[] LABELS = {0, 3, 3, 9};

    private static DataSet zeroImages() {
        INDArray labels = Nd4j.zeros(DataType.FLOAT, LABELS.length, 10);
        for (int i = 0; i < LABELS.length; i++) labels.putScalar(i, LABELS[i], 1f);
        return new DataSet(Nd4j.zeros(DataType.FLOAT, LABELS.length, 28, 28, 1), labels);
    }

    static CompiledModel compile(String optimizer, String... layers) throws Exception {
        LoadedExperiment experiment = ModelFixtures.inline("cross_entropy", optimizer, layers);
        return ModelFixtures.compile(experiment, 11, 12);
    }

    private static double[] doubles(INDArray a) {
        return a.dup('c').castTo(DataType.DOUBLE).data().asDouble();
    }

    @Test
    void decayIsDecoupledFromTheAdamStep() throws Exception {
        double lr = 0.01;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double wd = 0.05;
        MultiLayerNetwork network = compile("{adamw: {lr: 0.01, weight_decay: 0.05}}", "flatten",
                "dense: {units: 10}").network();
        assertEquals(new OptimizerSpec.AdamW(lr, b1, b2, eps, wd), ModelFixtures.inline("cross_entropy",
                "{adamw: {lr: 0.01, weight_decay: 0.05}}", "flatten", "dense: 10").spec().optimizer());
        double[] w = doubles(network.getLayer(0).getParam("W"));
        double[] b = doubles(network.getLayer(0).getParam("b"));
        double[] m = new double[b.length];
        double[] v = new double[b.length];
        double[] y = new double[10];
        for (int label : LABELS) y[label] += 1.0 / LABELS.length;
        for (int t = 1; t <= 3; t++) {
            network.fit(zeroImages());
            for (int i = 0; i < w.length; i++) w[i] -= lr * wd * w[i];
            double max = Double.NEGATIVE_INFINITY;
            for (double x : b) max = Math.max(max, x);
            double sum = 0;
            for (double x : b) sum += Math.exp(x - max);
            for (int i = 0; i < b.length; i++) {
                double g = Math.exp(b[i] - max) / sum - y[i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double step = lr / (1 - Math.pow(b1, t)) * m[i] / (Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(b2, t))
                        + eps);
                b[i] = b[i] - lr * wd * b[i] - step;
            }
            assertArrayEquals(w, doubles(network.getLayer(0).getParam("W")), 1e-7, "weights after step " + t);
            assertArrayEquals(b, doubles(network.getLayer(0).getParam("b")), 2e-6, "biases after step " + t);
        }
    }

    @Test
    void everyParameterDecaysBatchNormIncludedButNotItsRunningStatistics() throws Exception {
        // weight_decay is AdamW's default, 0.01
        CompiledModel model = compile("{adamw: {lr: 0.1}}", "conv2d: {filters: 3, kernel: 3, bias: false}",
                "batchnorm", "flatten", "dense: {units: 10}");
        MultiLayerNetwork network = model.network();
        BaseLayer conv = (BaseLayer) network.getLayerWiseConfigurations().getConf(0).getLayer();
        BaseLayer bn = (BaseLayer) network.getLayerWiseConfigurations().getConf(1).getLayer();
        BaseLayer dense = (BaseLayer) network.getLayerWiseConfigurations().getConf(2).getLayer();
        assertEquals(List.of(0.01), decoupled(conv.getRegularizationByParam("W")));
        assertEquals(List.of(0.01), decoupled(bn.getRegularizationByParam("gamma")));
        assertEquals(List.of(0.01), decoupled(bn.getRegularizationByParam("beta")));
        assertEquals(List.of(0.01), decoupled(dense.getRegularizationByParam("W")));
        assertEquals(List.of(0.01), decoupled(dense.getRegularizationByParam("b")));
        for (String buffer : network.getLayer(1).paramTable().keySet()) {
            if (!buffer.equals("gamma") && !buffer.equals("beta")) {
                assertEquals(List.of(), decoupled(bn.getRegularizationByParam(buffer)), buffer);
            }
        }
        // The update rule is Adam's own, so a saved model maps to stock DL4J like an Adam one.
        assertTrue(dense.getIUpdater() instanceof TorchAdam, dense.getIUpdater()::toString);
        // γ's loss gradient is zero on zero images (see WeightDecayTest): γ = 1 − lr·wd·1 after one step.
        network.fit(zeroImages());
        assertArrayEquals(new double[]{0.999, 0.999, 0.999}, doubles(network.getLayer(1).getParam("gamma")), 1e-7);
    }

    private static List<Double> decoupled(List<Regularization> regularizations) {
        if (regularizations == null) return List.of();
        assertTrue(regularizations.stream().allMatch(r -> r instanceof WeightDecay w && w.isApplyLR()),
                regularizations::toString);
        return regularizations.stream().map(r -> ((WeightDecay) r).getCoeff().valueAt(0, 0)).toList();
    }
}
