package dev.runner.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.config.InvalidExperimentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Load, overrides and shapes in one step; a shape error carries the file's warnings. */
class PreparedExperimentTest {
    private static final String BASE = """
            name: shapes
            seed: 1
            dataset: {name: mnist}
            model:
              layers:
                - flatten
                - dense: 10
                - softmax
            loss: cross_entropy
            optimizer: {adam: {}}
            training: {epochs: 2, batch_size: 8}
            """;

    @TempDir
    Path dir;

    @Test
    void aValidExperimentHasItsShapesAndKeepsItsWarnings() throws Exception {
        Path file = Files.writeString(dir.resolve("ok.yaml"), BASE);
        PreparedExperiment prepared = PreparedExperiment.load(file, List.of("training.epochs=1"));
        assertEquals(1, prepared.spec().training().epochs());
        assertEquals(7850, prepared.summary().totalParameters());
        assertTrue(prepared.hasWarnings(), "a final softmax under cross_entropy is suspicious");
        assertTrue(prepared.renderWarnings().contains("warning"), prepared.renderWarnings());
    }

    @Test
    void aShapeErrorIsInvalidAndListsTheWarningsToo() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), BASE.replace("    - flatten\n",
                "    - conv2d: {filters: 4, kernel: 40}\n    - flatten\n"));
        InvalidExperimentException e = assertThrows(InvalidExperimentException.class,
                () -> PreparedExperiment.load(file, List.of()));
        assertEquals(1, e.warnings().size(), e.render());
        assertTrue(e.render().contains("warning"), e.render());
    }
}
