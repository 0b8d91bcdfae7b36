package dev.runner.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.cli.CliRun;
import dev.runner.config.tree.Position;
import dev.runner.config.tree.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Legal but suspicious: a final softmax under cross_entropy applies softmax twice. It loads, and says so. */
class WarningsTest {
    private static final String SOFTMAX_LAST = """
            name: twice
            seed: 1
            dataset: {name: mnist}
            model:
              layers:
                - flatten
                - dense: 10
                - softmax
            loss: cross_entropy
            optimizer: {adam: {}}
            training: {epochs: 1, batch_size: 8}
            """;
    private static final String WARNING = "softmax is applied twice: loss cross_entropy already applies softmax to "
            + "the model's output. It trains (PyTorch does the same), but learns more slowly; remove this softmax, or "
            + "end with log_softmax and use loss: nll";

    private static LoadedExperiment load(String text) throws InvalidExperimentException {
        try (ExperimentLoader loader = new ExperimentLoader()) {
            return loader.parse("twice.yaml", text, List.of());
        }
    }

    @Test
    void finalSoftmaxLayerUnderCrossEntropyLoadsWithAWarningAtTheLayer() throws InvalidExperimentException {
        LoadedExperiment e = load(SOFTMAX_LAST);

        assertEquals(List.of(new Problem(new Position("twice.yaml", 8, 7), WARNING)), e.warnings());
        assertEquals("twice.yaml:8:7: warning: " + WARNING + "\n      - softmax\n        ^", e.renderWarnings());
    }

    @Test
    void denseWithSoftmaxActivationLastWarnsAtTheActivation() throws InvalidExperimentException {
        LoadedExperiment e = load(SOFTMAX_LAST.replace("    - dense: 10\n    - softmax\n",
                "    - dense: {units: 10, activation: softmax}\n"));

        assertEquals(List.of(new Problem(new Position("twice.yaml", 7, 38), WARNING)), e.warnings());
    }

    @Test
    void noWarningWhenSoftmaxIsNotAppliedTwice() throws InvalidExperimentException {
        assertEquals(List.of(), load(SOFTMAX_LAST.replace("    - softmax\n", "")).warnings(), "logits");
        assertEquals(List.of(), load(SOFTMAX_LAST.replace("softmax", "log_softmax").replace("cross_entropy", "nll"))
                .warnings(), "log_softmax + nll");
        assertEquals(List.of(), load(SOFTMAX_LAST.replace("    - dense: 10\n    - softmax\n",
                "    - dense: 10\n    - softmax\n    - dense: 10\n")).warnings(), "softmax not last");
    }

    @Test
    void validatePrintsTheWarningOnStderrAndStillSucceeds() {
        String file = ValidateGoldenTest.VALID.resolve("lecture6_cnn.yaml").toString();

        CliRun result = CliRun.of("validate", file);

        assertEquals(0, result.exitCode());
        assertEquals(file + ":18:7: warning: " + WARNING + "\n      - softmax\n        ^\n", result.err());
        assertTrue(result.out().startsWith(file + ": valid\n"), result.out());
    }

    @Test
    void runShowsTheWarningAmongTheErrorsWhenTheFileIsAlsoInvalid() {
        // A run that stops at a shape error: nothing is trained or fetched, and the warning is not lost.
        String file = ValidateGoldenTest.INVALID.resolve("softmax_twice_and_wrong_width.yaml").toString();

        CliRun result = CliRun.of("run", file);

        assertEquals(2, result.exitCode());
        assertEquals(file + ":9:14: the model outputs 100 values, but mnist has 10 classes: the last dense layer "
                + "needs 10 units\n      - dense: 100\n               ^\n"
                + file + ":10:7: warning: " + WARNING + "\n      - softmax\n        ^\n", result.err());
    }

    @Test
    void warningsDoNotMakeAFileInvalidButErrorsElsewhereStillShowThem() {
        InvalidExperimentException e = org.junit.jupiter.api.Assertions.assertThrows(
                InvalidExperimentException.class, () -> load(SOFTMAX_LAST.replace("batch_size: 8", "batch_size: 0")));

        assertEquals(List.of(new Problem(new Position("twice.yaml", 8, 7), WARNING)), e.warnings());
        assertTrue(e.render().startsWith("twice.yaml:8:7: warning: "), e.render());
        assertTrue(e.render().contains("twice.yaml:11:35: batch_size must be a positive integer, got 0"),
                e.render());
    }
}
