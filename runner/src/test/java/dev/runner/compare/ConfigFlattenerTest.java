package dev.runner.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigFlattenerTest {
    private static final String YAML = """
            name: quick
            seed: 7
            transforms:
              train:
              - normalize: auto
            model:
              layers:
              - conv2d:
                  filters: 8
                  kernel: 3
              - relu
            optimizer:
              adam:
                lr: 0.001
                betas:
                - 0.9
                - 0.999
            """;

    @Test
    void leavesAreDottedKeysAsSetWritesThem() {
        ConfigFlattener.Flat flat = ConfigFlattener.flatten(YAML);
        assertEquals(List.of("name", "seed", "transforms.train[0].normalize", "model.layers[0].conv2d.filters",
                "model.layers[0].conv2d.kernel", "model.layers[1]", "optimizer.adam.lr", "optimizer.adam.betas"),
                List.copyOf(flat.values().keySet()));
        Map<String, String> v = flat.values();
        assertEquals("7", v.get("seed"));
        assertEquals("8", v.get("model.layers[0].conv2d.filters"));
        assertEquals("relu", v.get("model.layers[1]"));
        assertEquals("0.001", v.get("optimizer.adam.lr"));
        assertEquals("[0.9, 0.999]", v.get("optimizer.adam.betas"), "a list of plain values is one value");
    }

    @Test
    void innerNodesHaveKindsAndSummaries() {
        Map<String, ConfigFlattener.Node> nodes = ConfigFlattener.flatten(YAML).nodes();
        assertEquals(new ConfigFlattener.Node(ConfigFlattener.Kind.LIST, "conv2d relu"), nodes.get("model.layers"));
        assertEquals(new ConfigFlattener.Node(ConfigFlattener.Kind.MAP,
                "{adam: {lr: 0.001, betas: [0.9, 0.999]}}"), nodes.get("optimizer"));
        assertEquals(new ConfigFlattener.Node(ConfigFlattener.Kind.SCALAR, "auto"),
                nodes.get("transforms.train[0].normalize"));
    }
}
