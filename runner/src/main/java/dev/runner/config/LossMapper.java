package dev.runner.config;

import dev.runner.config.tree.NodeReader;
import dev.runner.config.tree.YNode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** {@code loss: cross_entropy}, {@code loss: nll}, or {@code loss: {cross_entropy: {label_smoothing: ε}}}. */
final class LossMapper {
    static final List<String> KINDS = Arrays.stream(LossKind.values()).map(Named::yamlName).toList();
    /** The settings each loss takes in its map form; PyTorch's NLLLoss has no label smoothing. */
    static final Map<String, List<String>> KIND_KEYS = Map.of(
            "cross_entropy", List.of("label_smoothing"),
            "nll", List.of());

    private final NodeReader r;
    private final BeanPaths beans;

    LossMapper(NodeReader r, BeanPaths beans) {
        this.r = r;
        this.beans = beans;
    }

    /** The loss; the default when absent, null when what is written is not a loss (reported). */
    LossSpec map(YNode.YMap top) {
        YNode node = top.get("loss");
        if (!(node instanceof YNode.YMap m)) {
            LossKind kind = r.choice(top, "loss", "", LossKind.values(), Named::yamlName, Defaults.LOSS, "loss");
            return kind == null ? null : beans.put(LossSpec.of(kind), "loss");
        }
        r.record("loss", node);
        if (m.entries().size() > 1 && m.entries().keySet().stream().allMatch(KINDS::contains)) {
            r.problem(m.at(), "loss must name one of " + String.join(", ", KINDS) + ", got "
                    + String.join(" and ", m.entries().keySet()));
            return null;
        }
        NodeReader.Kind kind = r.kindOf(m, "loss", "loss", KINDS);
        if (kind == null) return null;
        String p = "loss." + kind.name();
        LossKind lossKind = Arrays.stream(LossKind.values()).filter(k -> k.yamlName().equals(kind.name()))
                .findFirst().orElseThrow();
        YNode argsNode = kind.args();
        List<String> keys = KIND_KEYS.get(kind.name());
        YNode.YMap args = argsNode == null || NodeReader.isNull(argsNode) ? new YNode.YMap(m.at())
                : r.argsMap(argsNode, kind.name(), keys.isEmpty() ? "no settings ({})"
                : "{" + String.join(", ", keys) + "}");
        if (args == null) return null;
        if (keys.isEmpty()) {
            for (Map.Entry<String, YNode.Entry> e : args.entries().entrySet()) {
                r.problem(e.getValue().keyAt(), "unknown key '" + e.getKey() + "' in " + kind.name() + ": it takes "
                        + "no settings" + (e.getKey().equals("label_smoothing")
                        ? " (label_smoothing is a setting of cross_entropy, as in PyTorch)" : ""));
            }
        } else {
            r.checkKeys(args, kind.name(), keys);
        }
        double smoothing = keys.isEmpty() ? 0 : r.number(args, "label_smoothing", p, Defaults.LABEL_SMOOTHING);
        return beans.put(new LossSpec(lossKind, smoothing), p);
    }
}
