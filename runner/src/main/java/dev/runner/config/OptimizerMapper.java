package dev.runner.config;

import dev.runner.config.tree.NodeReader;
import dev.runner.config.tree.Suggestions;
import dev.runner.config.tree.YNode;
import java.util.List;
import java.util.Map;

/** {@code optimizer:}, exactly one of {@code sgd: {...}}, {@code adam: {...}} and {@code adamw: {...}}. */
final class OptimizerMapper {
    static final List<String> KINDS = List.of("sgd", "adam", "adamw");
    static final Map<String, List<String>> KIND_KEYS = Map.of(
            "sgd", List.of("lr", "momentum", "nesterov", "weight_decay"),
            "adam", List.of("lr", "betas", "eps", "weight_decay"),
            "adamw", List.of("lr", "betas", "eps", "weight_decay"));
    private static final String EXAMPLE = "e.g. optimizer: {adam: {lr: 0.001}}";

    private final NodeReader r;
    private final BeanPaths beans;

    OptimizerMapper(NodeReader r, BeanPaths beans) {
        this.r = r;
        this.beans = beans;
    }

    /** The optimizer, or null when the section is missing or does not name exactly one usable kind. */
    OptimizerSpec map(YNode.YMap top) {
        YNode.YMap m = r.section(top, "optimizer", "", true, EXAMPLE);
        if (m == null) return null;
        for (Map.Entry<String, YNode.Entry> e : m.entries().entrySet()) {
            if (!KINDS.contains(e.getKey())) {
                r.problem(e.getValue().keyAt(), "unknown optimizer '" + e.getKey() + "'"
                        + Suggestions.hint(e.getKey(), KINDS));
            }
        }
        List<String> given = m.entries().keySet().stream().filter(KINDS::contains).toList();
        if (given.size() != 1) {
            if (given.size() > 1) {
                r.problem(m.at(), "optimizer must name exactly one of sgd, adam, adamw; got " + String.join(" and ", given));
            } else if (m.entries().isEmpty() || m.entries().keySet().stream().allMatch(KINDS::contains)) {
                r.problem(m.at(), "optimizer must name exactly one of sgd, adam, adamw");
            }
            return null;
        }
        String kind = given.get(0);
        String p = "optimizer." + kind;
        YNode argsNode = m.get(kind);
        YNode.YMap args = argsNode == null || NodeReader.isNull(argsNode) ? new YNode.YMap(m.at())
                : r.argsMap(argsNode, kind, "{" + String.join(", ", KIND_KEYS.get(kind)) + "}");
        if (args == null) return null;
        r.checkKeys(args, kind, KIND_KEYS.get(kind));
        double wd = r.number(args, "weight_decay", p,
                kind.equals("adamw") ? Defaults.ADAMW_WEIGHT_DECAY : Defaults.WEIGHT_DECAY);
        if (kind.equals("sgd")) {
            Double lr = r.numberRequired(args, "lr", p);
            double momentum = r.number(args, "momentum", p, Defaults.SGD_MOMENTUM);
            boolean nesterov = r.bool(args, "nesterov", p, Defaults.SGD_NESTEROV);
            return lr == null ? null : beans.put(new OptimizerSpec.Sgd(lr, momentum, nesterov, wd), p);
        }
        double lr = r.number(args, "lr", p, Defaults.ADAM_LR);
        double eps = r.number(args, "eps", p, Defaults.ADAM_EPS);
        double[] betas = r.numbers(args, "betas", p, 2, "[0.9, 0.999]");
        if (betas == null) {
            if (args.get("betas") != null) return null;
            betas = new double[] {Defaults.ADAM_BETA1, Defaults.ADAM_BETA2};
        }
        if (kind.equals("adamw")) return beans.put(new OptimizerSpec.AdamW(lr, betas[0], betas[1], eps, wd), p);
        return beans.put(new OptimizerSpec.Adam(lr, betas[0], betas[1], eps, wd), p);
    }
}
