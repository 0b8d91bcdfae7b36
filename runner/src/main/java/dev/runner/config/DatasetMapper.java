package dev.runner.config;

import dev.runner.config.tree.NodeReader;
import dev.runner.config.tree.YNode;
import java.util.List;

/** {@code dataset:}: which dataset, and how much of each split to use. */
final class DatasetMapper {
    static final List<String> KEYS = List.of("name", "validation_split", "train_limit", "validation_limit",
            "test_limit");
    private static final String EXAMPLE = "e.g. dataset: {name: mnist}";

    private final NodeReader r;
    private final BeanPaths beans;

    DatasetMapper(NodeReader r, BeanPaths beans) {
        this.r = r;
        this.beans = beans;
    }

    /** The dataset, or null when the section is missing, unusable or names no dataset. */
    DatasetSpec map(YNode.YMap top) {
        YNode.YMap m = r.section(top, "dataset", "", true, EXAMPLE);
        if (m == null) return null;
        r.checkKeys(m, "dataset", KEYS);
        DatasetName name = r.choice(m, "name", "dataset", DatasetName.values(), Named::yamlName, null, "dataset");
        if (name == null && m.get("name") == null && !r.wasSuggested(m, "name")) {
            r.problem(m.at(), "dataset needs 'name' (valid: " + Named.words(DatasetName.values()) + ")");
        }
        double split = r.number(m, "validation_split", "dataset", Defaults.VALIDATION_SPLIT);
        Integer trainLimit = r.intValue(m, "train_limit", "dataset", null, false);
        Integer validationLimit = r.intValue(m, "validation_limit", "dataset", null, false);
        Integer testLimit = r.intValue(m, "test_limit", "dataset", null, false);
        return name == null ? null
                : beans.put(new DatasetSpec(name, split, trainLimit, validationLimit, testLimit), "dataset");
    }
}
