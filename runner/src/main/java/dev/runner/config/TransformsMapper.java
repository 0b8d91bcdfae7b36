package dev.runner.config;

import dev.runner.config.tree.NodeReader;
import dev.runner.config.tree.YNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code transforms: {train: [...], eval: [...]}}, and the transform lists evaluation sets give themselves. */
final class TransformsMapper {
    static final List<String> KEYS = List.of("train", "eval");
    static final List<String> KINDS = List.of("normalize", "random_rotation");
    /** The settings of each transform that takes a map. */
    static final Map<String, List<String>> KIND_KEYS = Map.of(
            "normalize", List.of("mean", "std"),
            "random_rotation", List.of("degrees", "fill"));

    private final NodeReader r;
    private final BeanPaths beans;

    TransformsMapper(NodeReader r, BeanPaths beans) {
        this.r = r;
        this.beans = beans;
    }

    /** The section; empty lists when it is absent. Transforms that do not map are left out (and reported). */
    TransformsSpec map(YNode.YMap top) {
        YNode.YMap m = r.section(top, "transforms", "", false, null);
        if (m == null) return new TransformsSpec(List.of(), List.of());
        r.checkKeys(m, "transforms", KEYS);
        return new TransformsSpec(list(m, "train", "transforms.train", "train transforms"),
                list(m, "eval", "transforms.eval", "eval transforms"));
    }

    /** The list under {@code key}; {@code what} names it in messages ("train transforms"). */
    List<TransformSpec> list(YNode.YMap m, String key, String path, String what) {
        YNode node = m.get(key);
        List<TransformSpec> out = new ArrayList<>();
        if (node == null || NodeReader.isNull(node)) return out;
        r.record(path, node);
        YNode.YSeq seq = r.asList(node, what);
        if (seq == null) return out;
        for (int i = 0; i < seq.items().size(); i++) {
            TransformSpec t = transform(seq.items().get(i), path + "[" + i + "]");
            if (t != null) out.add(t);
        }
        return out;
    }

    private TransformSpec transform(YNode item, String path) {
        r.record(path, item);
        NodeReader.Kind kind = r.kindOf(item, path, "transform", KINDS);
        if (kind == null) return null;
        String p = path + "." + kind.name();
        YNode args = kind.args();
        if (kind.name().equals("normalize")) {
            if (args instanceof YNode.YScalar s && "auto".equals(s.value())) {
                return beans.put(new TransformSpec.NormalizeAuto(), p);
            }
            YNode.YMap m = args == null ? null : r.argsMap(args, "normalize", "{mean: m, std: s} or auto");
            if (m == null) {
                if (args == null) r.problem(item.at(), "normalize needs {mean: m, std: s} or auto");
                return null;
            }
            r.checkKeys(m, "normalize", KIND_KEYS.get("normalize"));
            Double mean = r.numberRequired(m, "mean", p);
            Double std = r.numberRequired(m, "std", p);
            return mean == null || std == null ? null : beans.put(new TransformSpec.Normalize(mean, std), p);
        }
        // random_rotation
        if (args instanceof YNode.YScalar s && s.value() instanceof Number n) {
            r.record(p + ".degrees", args);
            return beans.put(new TransformSpec.RandomRotation(n.doubleValue(), Defaults.ROTATION_FILL), p);
        }
        YNode.YMap m = args == null ? null : r.argsMap(args, "random_rotation", "{degrees: d, fill: f}");
        if (m == null) {
            if (args == null) r.problem(item.at(), "random_rotation needs {degrees: d}");
            return null;
        }
        r.checkKeys(m, "random_rotation", KIND_KEYS.get("random_rotation"));
        Double degrees = r.numberRequired(m, "degrees", p);
        double fill = r.number(m, "fill", p, Defaults.ROTATION_FILL);
        return degrees == null ? null : beans.put(new TransformSpec.RandomRotation(degrees, fill), p);
    }
}
