package dev.runner.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.config.InvalidExperimentException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.same.AMax;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.L2Regularization;

/**
 * {@code model.zip} and {@code best_model.zip} are for everyone: written as a run writes them, they load with stock
 * DL4J alone and give the runner's outputs, for every layer kind, activation, loss and optimizer of the format.
 */
class ModelFileTest {

    /** Small networks that together use every layer kind, activation, loss and optimizer of the format. */
    static final List<Net> NETWORKS = List.of(
            new Net("conv-batchnorm-pools-sgd", "cross_entropy", "{sgd: {lr: 0.05}}",
                    "conv2d: {filters: 4, kernel: 3, stride: 2, padding: 1, bias: false}", "batchnorm: {eps: 0.001, momentum: 0.2}",
                    "relu", "maxpool: 2", "conv2d: {filters: 6, kernel: 3, padding: same}", "tanh",
                    "avgpool: {kernel: 2}", "flatten", "dense: {units: 16, activation: sigmoid}", "dropout: 0.3",
                    "dense: {units: 10}"),
            new Net("dense-momentum-nll-decay", "nll", "{sgd: {lr: 0.05, momentum: 0.9, weight_decay: 0.001}}",
                    "flatten", "dense: {units: 32, activation: relu}", "batchnorm", "dense: {units: 16, activation: tanh}",
                    "sigmoid", "dense: {units: 12}", "relu", "dense: {units: 10}", "log_softmax"),
            new Net("nesterov-softmax", "cross_entropy", "{sgd: {lr: 0.1, momentum: 0.5, nesterov: true}}",
                    "flatten", "dense: {units: 16, activation: softmax}", "dense: {units: 10}", "softmax"),
            new Net("adam-conv-batchnorm-decay", "cross_entropy",
                    "{adam: {lr: 0.002, betas: [0.8, 0.99], eps: 1e-7, weight_decay: 0.001}}",
                    "conv2d: {filters: 4, kernel: 5}", "batchnorm", "sigmoid", "maxpool: {kernel: 3, stride: 2}",
                    "flatten", "dropout", "dense: {units: 10, activation: log_softmax}"),
            new Net("adam-dense-log-softmax-nll", "nll", "{adam: {lr: 0.001}}",
                    "flatten", "dense: {units: 10, activation: log_softmax}"),
            new Net("adamw-label-smoothing", "{cross_entropy: {label_smoothing: 0.1}}",
                    "{adamw: {lr: 0.001, weight_decay: 0.05}}", "conv2d: {filters: 4, kernel: 3}", "batchnorm", "relu",
                    "maxpool: 2", "flatten", "dense: {units: 10}"));

    record Net(String name, String loss, String optimizer, String... layers) {
        /** Compiled as a run compiles it and trained a few steps, so batch norm's running statistics have moved. */
        MultiLayerNetwork trained() throws InvalidExperimentException {
            MultiLayerNetwork network = ModelFixtures.compile(ModelFixtures.inline(loss, optimizer, layers), 11, 12)
                    .network();
            for (int step = 0; step < 3; step++) network.fit(batch(8, 100 + step));
            return network;
        }
    }

    static DataSet batch(int n, long seed) {
        Random random = new Random(seed);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, n, 10);
        for (int i = 0; i < n; i++) labels.putScalar(i, random.nextInt(10), 1f);
        return new DataSet(images(n, seed), labels);
    }

    /** Normalised-looking pixels, as a run feeds them. */
    static INDArray images(int n, long seed) {
        Random random = new Random(seed);
        float[] pixels = new float[n * 28 * 28];
        for (int i = 0; i < pixels.length; i++) pixels[i] = (random.nextFloat() - 0.3f) / 0.35f;
        return Nd4j.create(pixels, new long[]{n, 28, 28, 1}, 'c');
    }

    private static String entry(Path zip, String name) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            var e = file.getEntry(name);
            return e == null ? null : new String(file.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * The proof: each file loads in a JVM with only DL4J, ND4J and their dependencies on the class path, and its
     * outputs on a fixed batch agree with the runner's network to 1e-6. Not bit for bit, by design: in the runner's
     * JVM, convolution, pooling and batch norm run on oneDNN (the runner's Nd4jCpu bridge enables it), in a stock
     * class path on DL4J's built-in code; measured, they differ by up to 3e-8 (the test prints it), 0 without
     * convolution or batch norm.
     */
    @Test
    void everyLayerKindLoadsInStockDl4jWithTheRunnersOutputs(@TempDir Path dir) throws Exception {
        INDArray input = images(16, 7);
        List<String> args = new ArrayList<>();
        List<INDArray> expected = new ArrayList<>();
        for (Net net : NETWORKS) {
            MultiLayerNetwork network = net.trained();
            Path model = dir.resolve(net.name() + ".zip");
            ModelFile.write(network, model);
            Path in = dir.resolve(net.name() + ".in");
            Nd4j.saveBinary(input, in.toFile());
            args.add(model.toString());
            args.add(in.toString());
            args.add(dir.resolve(net.name() + ".out").toString());
            expected.add(network.output(input, false));
        }
        StockDl4j.Outcome outcome = StockDl4j.run(StockDl4j.classesOf(StockLoad.class, dir.resolve("classes")),
                StockLoad.class.getName(), dir, args.toArray(String[]::new));
        assertEquals(0, outcome.exitCode(), outcome.describe());
        for (int i = 0; i < NETWORKS.size(); i++) {
            String name = NETWORKS.get(i).name();
            INDArray stock = Nd4j.readBinary(dir.resolve(name + ".out").toFile());
            assertArrayEquals(expected.get(i).shape(), stock.shape(), name);
            double difference = Nd4j.getExecutioner().exec(new AMax(
                    expected.get(i).sub(stock))).getDouble(0);
            assertTrue(difference <= 1e-6, name + ": outputs differ by up to " + difference);
            System.out.printf(Locale.ROOT, "%s: stock DL4J output within %.2e of the runner's%n", name,
                    difference);
        }
    }

    /**
     * In the runner's own JVM (same native helpers) the restored file is the trained network exactly: the same
     * parameters in the same order, batch norm's running mean and variance included, and bit-identical outputs.
     * The file names no runner class and carries no updater state.
     */
    @Test
    void theFileIsTheTrainedNetworkInStockClassesWithoutUpdaterState(@TempDir Path dir) throws Exception {
        INDArray input = images(16, 7);
        for (Net net : NETWORKS) {
            MultiLayerNetwork network = net.trained();
            Path model = dir.resolve(net.name() + ".zip");
            ModelFile.write(network, model);
            assertFalse(Files.exists(dir.resolve(net.name() + ".zip.partial")), net.name());
            String configuration = entry(model, "configuration.json");
            assertFalse(configuration.contains("dev.runner"), net.name() + ": " + configuration);
            assertNull(entry(model, "updaterState.bin"), net.name());

            MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(model.toFile());
            assertArrayEquals(network.params().dup('c').data().asFloat(), restored.params().dup('c').data().asFloat(),
                    net.name());
            assertEquals(network.paramTable().keySet(), restored.paramTable().keySet(), net.name());
            for (int i = 0; i < network.getnLayers(); i++) {
                if (!(network.getLayer(i).conf().getLayer() instanceof BatchNormalization)) continue;
                for (String running : List.of(BatchNormalizationParamInitializer.GLOBAL_MEAN,
                        BatchNormalizationParamInitializer.GLOBAL_LOG_STD)) {
                    INDArray trained = network.getLayer(i).getParam(running);
                    assertTrue(trained.amaxNumber().doubleValue() > 0, "training moved " + running);
                    assertArrayEquals(trained.data().asFloat(), restored.getLayer(i).getParam(running).data().asFloat());
                }
            }
            assertArrayEquals(network.output(input, false).data().asFloat(),
                    restored.output(input, false).data().asFloat(), net.name());
            // The network that trains keeps the runner's classes.
            assertTrue(((BaseLayer) network.getLayerWiseConfigurations().getConf(0).getLayer()).getIUpdater()
                    .getClass().getName().startsWith("dev.runner.model.updater."), net.name());
        }
    }

    private static Layer layer(MultiLayerConfiguration conf, int index) {
        return conf.getConf(index).getLayer();
    }

    /** Which stock class stands for which runner class, with every hyperparameter carried over. */
    @Test
    void runnerClassesMapToStockOnesWithTheSameSettings() throws Exception {
        MultiLayerConfiguration sgd = NETWORKS.get(0).trained().getLayerWiseConfigurations();
        MultiLayerConfiguration stockSgd = ModelFile.stockConfiguration(sgd);
        assertEquals(new Sgd(0.05), ((BaseLayer) layer(stockSgd, 0)).getIUpdater());
        assertInstanceOf(TorchBatchNormalization.class, layer(sgd, 1));
        BatchNormalization bn = assertInstanceOf(BatchNormalization.class, layer(stockSgd, 1));
        assertEquals(BatchNormalization.class, bn.getClass());
        assertEquals(0.001, bn.getEps());
        assertEquals(1 - 0.2, bn.getDecay(), 1e-15); // PyTorch's momentum 0.2 is DL4J's decay 0.8
        assertEquals(((BatchNormalization) layer(sgd, 1)).isUseLogStd(), bn.isUseLogStd());
        assertEquals(((BatchNormalization) layer(sgd, 1)).getCnn2DFormat(), bn.getCnn2DFormat());

        MultiLayerConfiguration momentum = ModelFile.stockConfiguration(
                NETWORKS.get(1).trained().getLayerWiseConfigurations());
        assertEquals(new Nesterovs(0.05, 0.9), ((BaseLayer) layer(momentum, 0)).getIUpdater());
        assertEquals(List.of(new L2Regularization(0.001)), ((BaseLayer) layer(momentum, 0)).getRegularization());
        assertEquals(List.of(new L2Regularization(0.001)), ((BaseLayer) layer(momentum, 0)).getRegularizationBias());
        assertEquals(new Nesterovs(0.1, 0.5), ((BaseLayer) layer(ModelFile.stockConfiguration(
                NETWORKS.get(2).trained().getLayerWiseConfigurations()), 0)).getIUpdater());

        MultiLayerConfiguration adam = ModelFile.stockConfiguration(
                NETWORKS.get(3).trained().getLayerWiseConfigurations());
        assertEquals(new Adam(0.002, 0.8, 0.99, 1e-7), ((BaseLayer) layer(adam, 0)).getIUpdater());
        // Everything but the class names is what the runner trained with.
        String trained = NETWORKS.get(3).trained().getLayerWiseConfigurations().toJson();
        assertEquals(trained.replace("dev.runner.model.TorchBatchNormalization", BatchNormalization.class.getName())
                        .replaceAll("\"@class\" : \"dev.runner.model.updater.TorchAdam\"",
                                "\"@class\" : \"" + Adam.class.getName() + "\""),
                adam.toJson().replaceAll(",\\s*\"learningRateSchedule\" : null", ""));
    }

    /**
     * Writing the file changes nothing about the network that goes on training, nor about ND4J's global random
     * stream, from which dropout draws its masks: the two networks train alike only if both are untouched.
     */
    @Test
    void writingTheFileLeavesTrainingAsItWas(@TempDir Path dir) throws Exception {
        for (Net net : List.of(NETWORKS.get(0), NETWORKS.get(3))) {
            // Each trained() reseeds the global stream when its network is initialised, then trains the same way.
            MultiLayerNetwork unsaved = net.trained();
            unsaved.fit(batch(8, 200));
            MultiLayerNetwork saved = net.trained();
            String before = saved.getLayerWiseConfigurations().toJson();
            ModelFile.write(saved, dir.resolve(net.name() + ".zip"));
            assertEquals(before, saved.getLayerWiseConfigurations().toJson(), net.name());
            saved.fit(batch(8, 200));
            assertArrayEquals(unsaved.params().dup('c').data().asFloat(), saved.params().dup('c').data().asFloat(),
                    net.name());
        }
    }

}
