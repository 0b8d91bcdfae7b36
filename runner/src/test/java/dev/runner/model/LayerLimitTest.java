package dev.runner.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.config.InvalidExperimentException;
import dev.runner.config.tree.Problem;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 case 11: a model with thousands of layers with parameters validated and then did not finish (DL4J's
 * time per step grows with the square of their number; LayerLimit has the measurements). Layers without
 * parameters cost nothing of the kind and stay unlimited; the full 5,000-layer file is the golden fixture
 * config/invalid/too_many_layers_with_parameters.
 */
class LayerLimitTest {
    private static ModelSummary infer(List<String> layers) throws InvalidExperimentException {
        return new ShapeInference().infer(ModelFixtures.inline("cross_entropy", "{sgd: {lr: 0.1}}",
                layers.toArray(String[]::new)));
    }

    private static List<String> model(int hidden, String each, int relus) {
        List<String> layers = new ArrayList<>(List.of("flatten"));
        layers.addAll(Collections.nCopies(hidden, each));
        layers.addAll(Collections.nCopies(relus, "relu"));
        layers.add("dense: 10");
        return layers;
    }

    @Test
    void oneHundredLayersWithParametersAndThousandsWithoutValidate() throws Exception {
        ModelSummary s = infer(model(99, "dense: 16", 5000));
        assertEquals(5101, s.rows().size());
    }

    @Test
    void theHundredAndFirstLayerWithParametersIsRefusedAtItsLine() {
        for (String each : List.of("dense: 16", "batchnorm")) {
            InvalidExperimentException e = assertThrows(InvalidExperimentException.class,
                    () -> infer(model(100, each, 0)));
            Problem p = e.problems().get(0);
            // batchnorm after dense: the 101st layer with parameters is the last dense in both cases
            assertTrue(p.message().startsWith("the model has 101 layers with parameters (conv2d, dense, batchnorm); "
                    + "at most 100 are supported, and this is number 101: "), p.message());
            assertEquals("test.yaml:" + (6 + 101) + ":7", p.at().toString(), each);
        }
    }
}
