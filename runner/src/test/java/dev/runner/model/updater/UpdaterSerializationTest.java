package dev.runner.model.updater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runner.config.Reproducibility;
import dev.runner.model.ModelFixtures;
import dev.runner.model.NetworkCompiler;
import java.io.File;
import java.nio.file.Path;
import java.util.Random;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * A saved model must carry the custom updater's configuration through DL4J's JSON and its state (moments,
 * iteration count) through the model file: restored, it predicts the same and keeps training the same. The model
 * includes batch norm, whose runner-specific layer class (and running statistics) must survive the same trip.
 */
class UpdaterSerializationTest {

    private static DataSet batch(long seed) {
        Random random = new Random(seed);
        float[] pixels = new float[16 * 28 * 28];
        for (int i = 0; i < pixels.length; i++) pixels[i] = random.nextFloat();
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 16, 10);
        for (int i = 0; i < 16; i++) labels.putScalar(i, random.nextInt(10), 1f);
        return new DataSet(Nd4j.create(pixels, new long[]{16, 28, 28, 1}, 'c'), labels);
    }

    private static float[] params(MultiLayerNetwork network) {
        return network.params().dup('c').data().asFloat();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{sgd: {lr: 0.05}}", "{sgd: {lr: 0.05, momentum: 0.9, nesterov: true, weight_decay: 0.001}}",
            "{adam: {lr: 0.002, betas: [0.8, 0.99], eps: 1e-7, weight_decay: 0.001}}"})
    void saveAndRestore(String optimizer, @TempDir Path dir) throws Exception {
        MultiLayerNetwork network = ModelFixtures.compile(ModelFixtures.inline("cross_entropy", optimizer,
                "conv2d: {filters: 4, kernel: 3}", "batchnorm", "relu", "maxpool: 2", "flatten", "dense: {units: 10}"),
                3, 4).network();
        network.fit(batch(1));
        network.fit(batch(2));
        File file = dir.resolve("model.zip").toFile();
        ModelSerializer.writeModel(network, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
        // The runner trains only networks it compiled (resume restores into one), which carry its helpers.
        NetworkCompiler.installHelpers(restored, Reproducibility.FAST);

        assertEquals(network.getLayerWiseConfigurations().toJson(), restored.getLayerWiseConfigurations().toJson());
        IUpdater updater = ((BaseLayer) network.getLayerWiseConfigurations().getConf(0).getLayer()).getIUpdater();
        IUpdater back = ((BaseLayer) restored.getLayerWiseConfigurations().getConf(0).getLayer()).getIUpdater();
        assertEquals(optimizer.startsWith("{adam") ? TorchAdam.class : TorchSgd.class, back.getClass());
        assertEquals(updater, back);
        assertArrayEquals(params(network), params(restored));
        if (network.getUpdater().getStateViewArray() != null) {
            assertArrayEquals(network.getUpdater().getStateViewArray().dup('c').data().asFloat(),
                    restored.getUpdater().getStateViewArray().dup('c').data().asFloat());
        }

        INDArray x = batch(3).getFeatures();
        assertArrayEquals(network.output(x, false).data().asFloat(), restored.output(x, false).data().asFloat());
        // One more step each: equal only if moments and the step count (Adam's bias correction) came back too.
        network.fit(batch(4));
        restored.fit(batch(4));
        assertArrayEquals(params(network), params(restored));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{sgd: {lr: 0.05, momentum: 0.5}}", "{adam: {lr: 0.002}}"})
    void theCompiledUpdaterCarriesTheSpec(String optimizer) throws Exception {
        MultiLayerNetwork network = ModelFixtures.compile(ModelFixtures.inline("cross_entropy", optimizer,
                "flatten", "dense: {units: 10}"), 3, 4).network();
        IUpdater updater = ((BaseLayer) network.getLayerWiseConfigurations().getConf(0).getLayer()).getIUpdater();
        IUpdater expected = optimizer.startsWith("{adam") ? new TorchAdam(0.002, 0.9, 0.999, 1e-8)
                : new TorchSgd(0.05, 0.5, false);
        assertEquals(expected, updater);
    }
}
