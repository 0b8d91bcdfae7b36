package dev.runner.config;

import dev.runner.config.tree.NodeReader;
import dev.runner.config.tree.YNode;
import java.util.List;

/** {@code early_stopping: {monitor, patience, mode, min_delta}}: when training stops before its last epoch. */
final class EarlyStoppingMapper {
    static final List<String> KEYS = List.of("monitor", "patience", "mode", "min_delta");

    private final NodeReader r;
    private final BeanPaths beans;

    EarlyStoppingMapper(NodeReader r, BeanPaths beans) {
        this.r = r;
        this.beans = beans;
    }

    EarlyStoppingSpec map(YNode.YMap top) {
        YNode.YMap m = r.section(top, "early_stopping", "", false, null);
        if (m == null) return null;
        r.checkKeys(m, "early_stopping", KEYS);
        String monitor = r.text(m, "monitor", "early_stopping", Defaults.MONITOR, false);
        Integer patience = r.intValue(m, "patience", "early_stopping", null, true);
        MonitorMode mode = r.choice(m, "mode", "early_stopping", MonitorMode.values(), Named::yamlName,
                MonitorMode.natural(monitor), "mode");
        double minDelta = r.number(m, "min_delta", "early_stopping", Defaults.MIN_DELTA);
        return patience == null || mode == null ? null
                : beans.put(new EarlyStoppingSpec(monitor, patience, mode, minDelta), "early_stopping");
    }
}
