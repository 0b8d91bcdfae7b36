package dev.runner.config;

import dev.runner.config.tree.NodeReader;
import dev.runner.config.tree.YNode;
import java.util.List;

/** {@code checkpoint: {monitor, mode}}: which epoch's model to keep. */
final class CheckpointMapper {
    static final List<String> KEYS = List.of("monitor", "mode");

    private final NodeReader r;
    private final BeanPaths beans;

    CheckpointMapper(NodeReader r, BeanPaths beans) {
        this.r = r;
        this.beans = beans;
    }

    CheckpointSpec map(YNode.YMap top) {
        YNode.YMap m = r.section(top, "checkpoint", "", false, null);
        if (m == null) return null;
        r.checkKeys(m, "checkpoint", KEYS);
        String monitor = r.text(m, "monitor", "checkpoint", Defaults.MONITOR, false);
        MonitorMode mode = r.choice(m, "mode", "checkpoint", MonitorMode.values(), Named::yamlName,
                MonitorMode.natural(monitor), "mode");
        return mode == null ? null : beans.put(new CheckpointSpec(monitor, mode), "checkpoint");
    }
}
