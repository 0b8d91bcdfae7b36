package dev.runner.config;

import dev.runner.config.tree.NodeReader;
import dev.runner.config.tree.YNode;
import java.util.List;

/** {@code training: {epochs, batch_size, eval_batch_size}}. */
final class TrainingMapper {
    static final List<String> KEYS = List.of("epochs", "batch_size", "eval_batch_size");
    private static final String EXAMPLE = "with epochs and batch_size";

    private final NodeReader r;
    private final BeanPaths beans;

    TrainingMapper(NodeReader r, BeanPaths beans) {
        this.r = r;
        this.beans = beans;
    }

    TrainingSpec map(YNode.YMap top) {
        YNode.YMap m = r.section(top, "training", "", true, EXAMPLE);
        if (m == null) return null;
        r.checkKeys(m, "training", KEYS);
        Integer epochs = r.intValue(m, "epochs", "training", null, true);
        Integer batch = r.intValue(m, "batch_size", "training", null, true);
        Integer evalBatch = r.intValue(m, "eval_batch_size", "training", Defaults.EVAL_BATCH_SIZE, false);
        if (epochs == null || batch == null || evalBatch == null) return null;
        return beans.put(new TrainingSpec(epochs, batch, evalBatch), "training");
    }
}
