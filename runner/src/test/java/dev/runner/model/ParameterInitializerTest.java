package dev.runner.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.config.LoadedExperiment;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.junit.jupiter.api.Test;

class ParameterInitializerTest {

    private static float[] values(Layer layer, String param) {
        return layer.getParam(param).dup('c').data().asFloat();
    }

    private static float[] allParams(CompiledModel model) {
        return model.network().params().dup('c').data().asFloat();
    }

    /** Uniform in ±bound: inside it, and spread over most of it rather than constant. */
    private static void assertUniformWithin(float[] v, double bound, String what) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        assertTrue(max <= bound && min >= -bound, what + ": [" + min + ", " + max + "] exceeds ±" + bound);
        assertTrue(max > min, what + " is constant");
        if (v.length >= 100) {
            // 100 uniform draws all inside ±0.8·bound happen with probability 0.8^100 ≈ 2e-10.
            assertTrue(max > 0.8 * bound && min < -0.8 * bound, what + ": [" + min + ", " + max + "] of ±" + bound);
        }
    }

    private static double std(float[] v) {
        double sum = 0;
        for (float x : v) sum += x;
        double mean = sum / v.length;
        double sq = 0;
        for (float x : v) sq += (x - mean) * (x - mean);
        return Math.sqrt(sq / v.length);
    }

    @Test
    void pytorchInitIsUniformInOneOverRootFanIn() throws Exception {
        CompiledModel model = ModelFixtures.compile(ModelFixtures.shipped("lenet.yaml"), 101, 202);
        // fan_in: conv 1·5·5 and 6·5·5, dense 256, 120 and 84 (PyTorch's _calculate_fan_in_and_fan_out).
        int[] dl4jLayers = {0, 3, 6, 7, 8};
        int[] fanIns = {25, 150, 256, 120, 84};
        for (int k = 0; k < dl4jLayers.length; k++) {
            Layer layer = model.network().getLayer(dl4jLayers[k]);
            double bound = 1.0 / Math.sqrt(fanIns[k]);
            assertUniformWithin(values(layer, "W"), bound, "weights of DL4J layer " + dl4jLayers[k]);
            assertUniformWithin(values(layer, "b"), bound, "biases of DL4J layer " + dl4jLayers[k]);
        }
    }

    @Test
    void sameSeedSameParametersOtherSeedOthers() throws Exception {
        LoadedExperiment lenet = ModelFixtures.shipped("lenet.yaml");
        float[] a = allParams(ModelFixtures.compile(lenet, 101, 202));
        float[] b = allParams(ModelFixtures.compile(lenet, 101, 202));
        assertArrayEquals(a, b);
        // Every value is written from the init seed alone, not from DL4J's (thread-local, clock-seeded) RNG.
        assertArrayEquals(a, allParams(ModelFixtures.compile(lenet, 101, 999)));
        float[] c = allParams(ModelFixtures.compile(lenet, 102, 202));
        assertEquals(a.length, c.length);
        long same = 0;
        for (int i = 0; i < a.length; i++) if (a[i] == c[i]) same++;
        // Independent draws coincide in a float only by rare accident.
        assertTrue(same < a.length / 1000, same + " of " + a.length + " parameters equal under another seed");
    }

    @Test
    void presetsAndPerLayerOverrides() throws Exception {
        LoadedExperiment e = ModelFixtures.parse("init.yaml", """
                name: init
                seed: 1
                dataset: {name: mnist}
                model:
                  init: xavier
                  layers:
                    - conv2d: {filters: 8, kernel: 5}
                    - flatten
                    - dense: {units: 200, init: he}
                    - dense: {units: 100, init: {normal: {std: 0.02}}}
                    - dense: {units: 50, init: {uniform: {bound: 0.003}}}
                    - dense: {units: 10, init: pytorch}
                optimizer: {sgd: {lr: 0.1}}
                training: {epochs: 1, batch_size: 8}
                """);
        CompiledModel model = ModelFixtures.compile(e, 7, 8);
        List<Integer> of = model.dl4jLayerOf();
        // xavier (the model default): Glorot uniform, fan_in 25, fan_out 8·25 = 200; zero biases.
        Layer conv = model.network().getLayer(of.get(0));
        assertUniformWithin(values(conv, "W"), Math.sqrt(6.0 / (25 + 200)), "xavier conv weights");
        assertArrayEquals(new float[8], values(conv, "b"));
        // he: N(0, 2/fan_in) with fan_in 8·24·24 = 4608; 921,600 draws pin the std to well under 1%.
        Layer he = model.network().getLayer(of.get(2));
        assertEquals(Math.sqrt(2.0 / 4608), std(values(he, "W")), 0.01 * Math.sqrt(2.0 / 4608));
        assertArrayEquals(new float[200], values(he, "b"));
        Layer normal = model.network().getLayer(of.get(3));
        assertEquals(0.02, std(values(normal, "W")), 0.02 * 0.05);
        assertArrayEquals(new float[100], values(normal, "b"));
        Layer uniform = model.network().getLayer(of.get(4));
        assertUniformWithin(values(uniform, "W"), 0.003, "uniform weights");
        assertArrayEquals(new float[50], values(uniform, "b"));
        Layer pytorch = model.network().getLayer(of.get(5));
        assertUniformWithin(values(pytorch, "W"), 1.0 / Math.sqrt(50), "pytorch weights");
        assertUniformWithin(values(pytorch, "b"), 1.0 / Math.sqrt(50), "pytorch biases");
        assertFalse(Arrays.equals(new float[10], values(pytorch, "b")));
    }
}
