package dev.runner.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.config.ExperimentLoader;
import dev.runner.config.ExperimentWriter;
import dev.runner.config.LoadedExperiment;
import dev.runner.model.ShapeInference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every tutorial model has its experiment, and each validates with its notebook's parameter count. */
class TutorialExperimentsTest {
    static final Path TUTORIALS = Path.of("../experiments/tutorials");

    /** The parameter counts of the notebooks' models (count_parameters, or summed from their printed layers). */
    static final Map<String, Long> NOTEBOOK_PARAMETERS = Map.of(
            "lecture6-cnn-mnist.yaml", 421_642L,
            "jumpml-digits-pytorch.yaml", 46_566L,
            "fashion-mnist-lenet.yaml", 44_426L,
            "fidle-mnist-dnn.yaml", 89_610L,
            "fidle-mnist-cnn.yaml", 76_038L,
            "fidle-mnist-cnn2.yaml", 20_250L,
            "ese2000-lab4-cnn.yaml", 4_244L);

    static List<Path> tutorialFiles() throws Exception {
        try (Stream<Path> s = Files.list(TUTORIALS)) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @Test
    void everyTutorialModelHasItsExperiment() throws Exception {
        assertEquals(NOTEBOOK_PARAMETERS.keySet(),
                Set.copyOf(tutorialFiles().stream().map(p -> p.getFileName().toString()).toList()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tutorialFiles")
    void validatesWithTheNotebooksParameterCount(Path file) throws Exception {
        try (ExperimentLoader loader = new ExperimentLoader()) {
            LoadedExperiment e = loader.load(file, List.of());
            long params = new ShapeInference().infer(e).totalParameters();

            assertEquals(NOTEBOOK_PARAMETERS.get(file.getFileName().toString()), params, file.toString());
            assertNotNull(e.spec().reference(), "a reference block");
            assertEquals(params, e.spec().reference().figure("parameters").longValue(), "reference.parameters");
            assertTrue(e.spec().reference().figure("test_accuracy") != null
                    || e.spec().reference().figure("pytorch_cpu_test_accuracy") != null, "a figure to compare with");
            assertEquals(file.getFileName().toString(), e.spec().name() + ".yaml", "file named after the experiment");
            // The resolved config keeps the reference block and loads back to the same spec.
            String written = new ExperimentWriter().write(e.spec());
            assertEquals(e.spec(), loader.parse("config.yaml", written, List.of()).spec(), written);
        }
    }

    @Test
    void aSeedOverrideKeepsEverythingElse() throws Exception {
        try (ExperimentLoader loader = new ExperimentLoader()) {
            LoadedExperiment a = loader.load(TUTORIALS.resolve("jumpml-digits-pytorch.yaml"), List.of());
            LoadedExperiment b = loader.load(TUTORIALS.resolve("jumpml-digits-pytorch.yaml"), List.of("seed=2"));

            assertEquals(2, b.spec().seed());
            assertEquals(a.spec().model(), b.spec().model());
            assertEquals(a.spec().reference(), b.spec().reference());
        }
    }

    private static final class Set {
        static <T> java.util.Set<T> copyOf(java.util.Collection<T> c) {
            return java.util.Set.copyOf(c);
        }
    }
}
