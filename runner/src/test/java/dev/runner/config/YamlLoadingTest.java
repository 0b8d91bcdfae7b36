package dev.runner.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.runner.config.tree.Position;
import dev.runner.config.tree.Problem;
import dev.runner.config.tree.Suggestions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Loading YAML into the spec: positions kept, shorthands expanded, defaults filled, and the writer's round trip. */
class YamlLoadingTest {
    private static ExperimentLoader loader;

    @BeforeAll
    static void open() {
        loader = new ExperimentLoader();
    }

    @AfterAll
    static void close() {
        loader.close();
    }

    private static LoadedExperiment parse(String text) throws InvalidExperimentException {
        return loader.parse("x.yaml", text, List.of());
    }

    @Test
    void everyValueKeepsItsLineAndColumn() throws InvalidExperimentException {
        LoadedExperiment e = parse("""
                name: pos
                seed: 1
                dataset:
                  name: mnist
                model:
                  layers:
                    - flatten
                    - dense: {units: 10, activation: none}
                optimizer:
                  sgd:
                    lr: 0.1
                training: {epochs: 1, batch_size: 8}
                """);

        assertEquals(new Position("x.yaml", 1, 7), e.sources().at("name"));
        assertEquals(new Position("x.yaml", 4, 9), e.sources().at("dataset.name"));
        assertEquals(new Position("x.yaml", 7, 7), e.sources().at("model.layers[0]"));
        assertEquals(new Position("x.yaml", 8, 22), e.sources().at("model.layers[1].dense.units"));
        assertEquals(new Position("x.yaml", 8, 38), e.sources().at("model.layers[1].dense.activation"));
        assertEquals(new Position("x.yaml", 11, 9), e.sources().at("optimizer.sgd.lr"));
        assertEquals(new Position("x.yaml", 12, 35), e.sources().at("training.batch_size"));
        assertEquals(new Position("x.yaml", 8, 14), e.sources().at("model.layers[1].dense.bias"),
                "a default points at the nearest value that was written");
    }

    @Test
    void shorthandsMeanTheirLongForms() throws InvalidExperimentException {
        LoadedExperiment e = parse("""
                name: short
                seed: 1
                dataset: {name: mnist}
                transforms:
                  train: [{random_rotation: 10}, {normalize: auto}]
                model:
                  layers:
                    - conv2d: {filters: 4, kernel: 3}
                    - maxpool: 2
                    - avgpool: 3
                    - flatten
                    - dropout: 0.3
                    - dropout
                    - batchnorm
                    - dense: 10
                optimizer: {adam: }
                training: {epochs: 1, batch_size: 8}
                """);

        assertEquals(List.of(new TransformSpec.RandomRotation(10, 0), new TransformSpec.NormalizeAuto()),
                e.spec().transforms().train());
        List<LayerSpec> layers = e.spec().model().layers();
        assertEquals(new LayerSpec.Pool(LayerSpec.PoolKind.MAX, 2, 2), layers.get(1), "stride defaults to kernel");
        assertEquals(new LayerSpec.Pool(LayerSpec.PoolKind.AVG, 3, 3), layers.get(2));
        assertEquals(new LayerSpec.Dropout(0.3), layers.get(4));
        assertEquals(new LayerSpec.Dropout(0.5), layers.get(5), "PyTorch's default rate");
        assertEquals(new LayerSpec.BatchNorm(1e-5, 0.1), layers.get(6));
        assertEquals(new LayerSpec.Dense(10, LayerSpec.Activation.NONE, true, null), layers.get(7));
    }

    @Test
    void defaultsAreFilledInFromDefaults() throws Exception {
        ExperimentSpec spec = parse(Files.readString(ValidateGoldenTest.VALID.resolve("minimal.yaml"))).spec();

        assertEquals("", spec.description());
        assertEquals(new DatasetSpec(DatasetName.MNIST, 0.0, null, null, null), spec.dataset());
        assertEquals(new TransformsSpec(List.of(), List.of()), spec.transforms());
        assertEquals(Defaults.MODEL_INIT, spec.model().init());
        assertEquals(new LossSpec(LossKind.CROSS_ENTROPY, 0), spec.loss());
        assertEquals(LearningRateSpec.CONSTANT, spec.schedule());
        assertEquals(new OptimizerSpec.Adam(0.001, 0.9, 0.999, 1e-8, 0.0), spec.optimizer());
        assertEquals(new TrainingSpec(1, 32, 1000), spec.training());
    }

    @Test
    void convAndSgdDefaults() throws InvalidExperimentException {
        ExperimentSpec spec = parse("""
                name: d
                seed: 1
                dataset: {name: mnist}
                model: {layers: [{conv2d: {filters: 2, kernel: 3}}, flatten, {dense: 10}]}
                optimizer: {sgd: {lr: 0.5}}
                training: {epochs: 1, batch_size: 8}
                """).spec();

        assertEquals(new LayerSpec.Conv2d(2, 3, 1, LayerSpec.Padding.of(0), true, null),
                spec.model().layers().get(0));
        assertEquals(new OptimizerSpec.Sgd(0.5, 0.0, false, 0.0), spec.optimizer());
    }

    @Test
    void numbersReadAsAUserMeansThem() throws InvalidExperimentException {
        // 1e-3 is a string in YAML 1.1 (SnakeYAML's default) but a number to anyone writing a learning rate.
        ExperimentSpec spec = parse("""
                name: n
                seed: 1_000
                dataset: {name: mnist, validation_split: .25}
                model: {layers: [flatten, {dense: 10}]}
                optimizer: {adam: {lr: 1e-3, eps: 1.0E-7}}
                training: {epochs: +2, batch_size: 8}
                """).spec();

        assertEquals(1000, spec.seed());
        assertEquals(0.25, spec.dataset().validationSplit());
        assertEquals(0.001, spec.optimizer().lr());
        assertEquals(1e-7, ((OptimizerSpec.Adam) spec.optimizer()).eps());
        assertEquals(2, spec.training().epochs());
    }

    /** Sweep files (a top-level sweep:) are not experiments; the sweep tests cover them. */
    static boolean isSweep(Path file) {
        try {
            return java.util.regex.Pattern.compile("(?m)^sweep:").matcher(Files.readString(file)).find();
        } catch (IOException e) {
            return false;
        }
    }

    static List<Path> specFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(Path.of("../experiments"), ValidateGoldenTest.VALID)) {
            try (Stream<Path> s = Files.list(dir)) {
                files.addAll(s.filter(p -> p.toString().endsWith(".yaml") && !isSweep(p)).sorted().toList());
            }
        }
        return files;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specFiles")
    void writtenConfigLoadsBackToAnEqualSpec(Path file) throws Exception {
        ExperimentSpec spec = loader.load(file, List.of()).spec();

        String written = new ExperimentWriter().write(spec);
        LoadedExperiment again = loader.parse("config.yaml", written, List.of());

        assertEquals(spec, again.spec(), written);
        assertEquals(written, new ExperimentWriter().write(again.spec()), "writing is stable");
    }

    @Test
    void evaluationSetsCheckpointAndEarlyStoppingMapInFileOrder() throws Exception {
        ExperimentSpec spec = loader.load(ValidateGoldenTest.VALID.resolve("evaluation_checkpoint.yaml"), List.of())
                .spec();

        assertEquals(List.of("rotated_test", "val_rotated", "clean_train"),
                spec.evaluation().stream().map(EvaluationSetSpec::name).toList());
        assertEquals(List.of(SplitName.TEST, SplitName.VALIDATION, SplitName.TRAIN),
                spec.evaluation().stream().map(EvaluationSetSpec::split).toList());
        assertEquals(List.of(new TransformSpec.RandomRotation(25, 0), new TransformSpec.NormalizeAuto()),
                spec.evaluation().get(0).transforms());
        assertEquals(spec.transforms().eval(), spec.evaluation().get(2).transforms(),
                "a set without transforms is seen through the eval transforms");
        assertEquals(new CheckpointSpec("val_rotated_accuracy", MonitorMode.MAX), spec.checkpoint());
        assertEquals(new EarlyStoppingSpec("val_loss", 2, MonitorMode.MIN, 0.001), spec.earlyStopping());
    }

    @Test
    void monitorAndModeDefaultToValidationLossAndItsDirection() throws Exception {
        String base = new String(Files.readAllBytes(ValidateGoldenTest.VALID.resolve("minimal.yaml")))
                .replace("name: mnist", "name: mnist\n  validation_split: 0.1");
        ExperimentSpec spec = parse(base + "checkpoint: {}\nearly_stopping: {patience: 4}\n").spec();
        assertEquals(new CheckpointSpec("val_loss", MonitorMode.MIN), spec.checkpoint());
        assertEquals(new EarlyStoppingSpec("val_loss", 4, MonitorMode.MIN, 0.0), spec.earlyStopping());
        assertEquals(MonitorMode.MAX, parse(base + "checkpoint: {monitor: train_accuracy}\n").spec().checkpoint()
                .mode());
        assertEquals(List.of(), parse(base).spec().evaluation());
        assertNull(parse(base).spec().checkpoint());
    }

    @Test
    void writtenConfigSpellsOutEveryDefault() throws Exception {
        String written = new ExperimentWriter().write(
                loader.load(ValidateGoldenTest.VALID.resolve("minimal.yaml"), List.of()).spec());

        assertEquals("""
                name: minimal
                description: ''
                seed: 0
                dataset:
                  name: mnist
                  validation_split: 0.0
                transforms:
                  train: []
                  eval: []
                model:
                  init: pytorch
                  layers:
                  - flatten
                  - dense:
                      units: 10
                      activation: none
                      bias: true
                loss: cross_entropy
                optimizer:
                  adam:
                    lr: 0.001
                    betas:
                    - 0.9
                    - 0.999
                    eps: 1.0E-8
                    weight_decay: 0.0
                training:
                  epochs: 1
                  batch_size: 32
                  eval_batch_size: 1000
                """, written);
    }

    @Test
    void aPartlyWrongFileStillHasItsOtherValuesChecked() {
        // One unmapped layer must not hide a range error in another section.
        InvalidExperimentException e = org.junit.jupiter.api.Assertions.assertThrows(
                InvalidExperimentException.class, () -> parse("""
                        name: p
                        seed: 1
                        dataset: {name: mnist}
                        model: {layers: [flatten, {dense: {unit: 10}}, {dropout: 2}]}
                        optimizer: {adam: {}}
                        training: {epochs: 1, batch_size: 8}
                        """));

        assertEquals(List.of("unknown key 'unit' in dense; did you mean 'units'? (valid: units, activation, bias, init)",
                "rate must be in [0, 1), got 2"), e.problems().stream().map(Problem::message).toList());
    }

    @Test
    void suggestionsAreOnlyMadeWhenClose() {
        assertEquals("filters", Suggestions.closest("filter", ModelMapper.LAYER_KEYS.get("conv2d")).orElseThrow());
        assertEquals("train", Suggestions.closest("training", TransformsMapper.KEYS).orElseThrow());
        assertNull(Suggestions.closest("colour", ModelMapper.LAYER_KEYS.get("conv2d")).orElse(null));
    }
}
