package dev.runner.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.runner.config.tree.YNode;
import dev.runner.config.tree.YamlTreeLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@code config.yaml} the runner writes must be accepted by the runner again and mean the same experiment:
 * it is how a run is reproduced. A value that validated but could not be written back (an {@code lr} that read as
 * infinity was written as {@code .inf} and then refused) breaks that promise.
 */
class WrittenConfigTest {
    private static final Path EXPERIMENTS = Path.of("../experiments");

    static List<Path> experimentsAndValidFixtures() throws IOException {
        List<Path> files = new ArrayList<>(ValidateGoldenTest.validFiles());
        try (Stream<Path> walk = Files.walk(EXPERIMENTS)) {
            files.addAll(walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList());
        }
        return files;
    }

    @Test
    void thereAreExperimentsToCheck() throws IOException {
        List<Path> files = experimentsAndValidFixtures();
        assertTrue(files.stream().filter(p -> p.startsWith(EXPERIMENTS)).count() >= 5, files.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("experimentsAndValidFixtures")
    void writtenConfigLoadsBackToTheSameSpec(Path file) throws Exception {
        try (ExperimentLoader loader = new ExperimentLoader()) {
            assertRoundTrip(loader, experiment(loader, file).spec());
        }
    }

    /** Values at the edges of what is valid, given as --set so that each is written and read back. */
    @Test
    void edgeValuesSurviveTheRoundTrip() throws Exception {
        List<List<String>> variants = List.of(
                List.of("optimizer.adam.lr=4.9e-324", "optimizer.adam.eps=1.7976931348623157e308"),
                List.of("optimizer.adam.lr=1e-300", "optimizer.adam.betas=[0, 0.99999999999999989]"),
                List.of("optimizer={sgd: {lr: 123456789012345678, momentum: 0.1, nesterov: true}}"),
                List.of("description='yes: no # not a comment, \"quoted\" and \\\\ backslash'"),
                List.of("description=.inf", "reference={source: .nan, note: 'null', accuracy: 0.1}"),
                List.of("seed=-9223372036854775808", "training.epochs=2147483647"),
                List.of("reproducibility=portable"),
                List.of("dataset.validation_split=0.1", "dataset.train_limit=1",
                        "checkpoint={monitor: val_accuracy}",
                        "early_stopping={patience: 1, min_delta: 1e-300, mode: min}"));
        Path minimal = ValidateGoldenTest.VALID.resolve("minimal.yaml");
        try (ExperimentLoader loader = new ExperimentLoader()) {
            for (List<String> overrides : variants) {
                LoadedExperiment loaded;
                try {
                    loaded = loader.load(minimal, overrides);
                } catch (InvalidExperimentException e) {
                    fail(overrides + " is valid:\n" + e.render());
                    return;
                }
                assertRoundTrip(loader, loaded.spec());
            }
        }
    }

    private static void assertRoundTrip(ExperimentLoader loader, ExperimentSpec spec) {
        ExperimentWriter writer = new ExperimentWriter();
        String written = writer.write(spec);
        LoadedExperiment again;
        try {
            again = loader.parse("config.yaml", written, List.of());
        } catch (InvalidExperimentException e) {
            fail("the written config.yaml is refused:\n" + e.render() + "\n--- config.yaml:\n" + written);
            return;
        }
        assertEquals(spec, again.spec(), written);
        assertEquals(written, writer.write(again.spec()), "writing is stable");
    }

    /** The experiment a file holds; for a sweep file, the experiment its points start from. */
    private static LoadedExperiment experiment(ExperimentLoader loader, Path file) throws InvalidExperimentException {
        YamlTreeLoader.Loaded tree = loader.loadTree(file);
        YNode.YMap top = (YNode.YMap) tree.root();
        if (!top.entries().containsKey("sweep")) return loader.load(file, List.of());
        YNode.YMap base = new YNode.YMap(top.at());
        for (Map.Entry<String, YNode.Entry> e : top.entries().entrySet()) {
            if (!ExperimentLoader.SWEEP_KEYS.contains(e.getKey())) {
                base.put(e.getKey(), e.getValue().keyAt(), e.getValue().value());
            }
        }
        return loader.resolve(new YamlTreeLoader.Loaded(base, tree.text()), List.of(), List.of());
    }
}
