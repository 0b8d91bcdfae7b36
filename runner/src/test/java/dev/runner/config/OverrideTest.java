package dev.runner.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.cli.CliRun;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code --set PATH=VALUE}: applied before mapping, so overridden values are validated exactly like the file's. */
class OverrideTest {
    private static final String LENET = """
            name: lenet
            seed: 1234
            dataset:
              name: fashion-mnist
            model:
              layers:
                - conv2d: {filters: 6, kernel: 5}
                - maxpool: 2
                - relu
                - flatten
                - dense: 10
            optimizer:
              adam: {lr: 0.001}
            training:
              epochs: 10
              batch_size: 64
            """;

    private static ExperimentLoader loader;

    @BeforeAll
    static void open() {
        loader = new ExperimentLoader();
    }

    @AfterAll
    static void close() {
        loader.close();
    }

    private static ExperimentSpec load(String... overrides) throws InvalidExperimentException {
        return loader.parse("lenet.yaml", LENET, List.of(overrides)).spec();
    }

    private static String problems(String... overrides) {
        return assertThrows(InvalidExperimentException.class,
                () -> loader.parse("lenet.yaml", LENET, List.of(overrides))).render();
    }

    @Test
    void overridesChangeValuesAtEveryDepth() throws InvalidExperimentException {
        ExperimentSpec spec = load("training.epochs=1", "optimizer.adam.lr=0.01", "model.layers[0].conv2d.filters=8",
                "dataset.train_limit=500", "optimizer.adam.betas=[0.8, 0.9]");

        assertEquals(1, spec.training().epochs());
        assertEquals(new OptimizerSpec.Adam(0.01, 0.8, 0.9, Defaults.ADAM_EPS, 0.0), spec.optimizer());
        assertEquals(8, ((LayerSpec.Conv2d) spec.model().layers().get(0)).filters());
        assertEquals(500, spec.dataset().trainLimit());
        assertEquals(64, spec.training().batchSize(), "untouched values stay");
    }

    @Test
    void overridesCanReplaceAWholeLayerOrAddAnOptionalSection() throws InvalidExperimentException {
        ExperimentSpec spec = load("model.layers[1]={avgpool: 2}", "transforms.train=[{normalize: auto}]");

        assertEquals(new LayerSpec.Pool(LayerSpec.PoolKind.AVG, 2, 2), spec.model().layers().get(1));
        assertEquals(List.of(new TransformSpec.NormalizeAuto()), spec.transforms().train());
    }

    @Test
    void theLastOverrideOfAPathWins() throws InvalidExperimentException {
        assertEquals(3, load("training.epochs=1", "training.epochs=3").training().epochs());
    }

    @Test
    void anUnknownKeyInAPathIsNamedWithASuggestion() {
        assertEquals("--set training.epoch=3: unknown key 'epoch' in training; did you mean 'epochs'? "
                + "(valid: epochs, batch_size, eval_batch_size)", problems("training.epoch=3"));
    }

    @Test
    void aListIndexOutOfRangeNamesThePathAndTheRange() {
        assertEquals("--set model.layers[7].dense.units=3: path model.layers[7].dense.units does not exist: "
                + "model.layers has 5 items (indexes 0 to 4)", problems("model.layers[7].dense.units=3"));
    }

    @Test
    void aPathThroughAScalarNamesWhereItStops() {
        assertEquals("--set training.epochs.max=3: path training.epochs.max does not exist: training.epochs is "
                + "a number, not a map of settings", problems("training.epochs.max=3"));
    }

    @Test
    void aPathIntoAnotherLayerKindSaysWhichKindIsThere() {
        assertEquals("--set model.layers[0].dense.units=3: path model.layers[0].dense.units does not exist: "
                + "model.layers[0] is a conv2d layer", problems("model.layers[0].dense.units=3"));
    }

    @Test
    void aPathIntoTheOtherOptimizerSaysHowToSwitch() {
        assertEquals("--set optimizer.sgd.lr=0.1: path optimizer.sgd.lr does not exist: optimizer is adam "
                + "(to switch, set the whole optimizer: --set 'optimizer={sgd: {lr: 0.1}}')",
                problems("optimizer.sgd.lr=0.1"));
    }

    @Test
    void overriddenValuesAreValidatedLikeTheFile() {
        assertEquals("--set training.batch_size=-3: batch_size must be a positive integer, got -3",
                problems("training.batch_size=-3"));
        assertEquals("--set optimizer.adam.lr=fast: lr must be a number, got \"fast\"",
                problems("optimizer.adam.lr=fast"));
    }

    @Test
    void overriddenValuesTakePartInShapeChecks() throws InvalidExperimentException {
        LoadedExperiment e = loader.parse("lenet.yaml", LENET, List.of("model.layers[0].conv2d.kernel=29"));

        InvalidExperimentException shape = assertThrows(InvalidExperimentException.class,
                () -> new dev.runner.model.ShapeInference().infer(e));
        assertEquals("--set model.layers[0].conv2d.kernel=29: conv2d kernel 29 is larger than its 28×28 input "
                + "(the map arriving here is 1×28×28)", shape.render());
    }

    @Test
    void malformedAssignmentsSayWhatAPathLooksLike() {
        assertEquals("--set training.epochs: expected PATH=VALUE, e.g. training.epochs=1 or "
                + "model.layers[0].conv2d.filters=8", problems("training.epochs"));
        assertTrue(problems("model..layers=1").startsWith("--set model..layers=1: cannot read path 'model..layers'"));
    }

    @Test
    void fileProblemsComeFirstThenOverrideProblemsInTheOrderGiven() {
        String text = LENET.replace("epochs: 10", "epochs: 0");
        String rendered = assertThrows(InvalidExperimentException.class, () -> loader.parse("lenet.yaml", text,
                List.of("training.batch_size=0", "dataset.validation_split=2"))).render();

        assertEquals("""
                lenet.yaml:15:11: epochs must be a positive integer, got 0
                    epochs: 0
                            ^
                --set training.batch_size=0: batch_size must be a positive integer, got 0
                --set dataset.validation_split=2: validation_split must be in [0, 1), got 2""", rendered);
    }

    @Test
    void theValidateCommandAppliesOverridesToo() {
        CliRun ok = CliRun.of("validate", "--set", "model.layers[4].dense.units=10",
                ValidateGoldenTest.VALID.resolve("minimal.yaml").toString());
        CliRun bad = CliRun.of("validate", "--set", "training.epochs=0",
                ValidateGoldenTest.VALID.resolve("minimal.yaml").toString());

        assertEquals(2, ok.exitCode(), "minimal.yaml has 2 layers, so [4] does not exist: " + ok.err());
        assertTrue(ok.err().startsWith("--set model.layers[4].dense.units=10: path model.layers[4].dense.units "
                + "does not exist"), ok.err());
        assertEquals(2, bad.exitCode());
        assertEquals("--set training.epochs=0: epochs must be a positive integer, got 0\n", bad.err());
    }
}
