package dev.runner.config;

import dev.runner.config.tree.NodeReader;
import dev.runner.config.tree.YNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code transforms: {train: [...], eval: [...]}}, and the transform lists evaluation sets give themselves. */
final class TransformsMapper {
    static final List<String> KEYS = List.of("train", "eval");
    static final List<String> KINDS = List.of("normalize", "random_rotation", "random_crop",
            "random_horizontal_flip", "random_erasing", "random_affine");
    /** The settings of each transform that takes a map. */
    static final Map<String, List<String>> KIND_KEYS = Map.of(
            "normalize", List.of("mean", "std"),
            "random_rotation", List.of("degrees", "fill"),
            "random_crop", List.of("size", "padding", "fill"),
            "random_horizontal_flip", List.of("p"),
            "random_erasing", List.of("p", "scale", "ratio", "value"),
            "random_affine", List.of("degrees", "translate", "scale", "fill"));

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
        switch (kind.name()) {
            case "random_crop" -> {
                return crop(item, args, p);
            }
            case "random_horizontal_flip" -> {
                return flip(item, args, p);
            }
            case "random_erasing" -> {
                return erasing(item, args, p);
            }
            case "random_affine" -> {
                return affine(item, args, p);
            }
            default -> {
                return rotation(item, args, p);
            }
        }
    }

    private TransformSpec rotation(YNode item, YNode args, String p) {
        if (args instanceof YNode.YScalar s && s.value() instanceof Number) {
            r.record(p + ".degrees", args);
            Double degrees = r.finite(s, "degrees");
            return degrees == null ? null
                    : beans.put(new TransformSpec.RandomRotation(degrees, Defaults.ROTATION_FILL), p);
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

    /** The settings map of a kind that needs some ({@code required} names them), or null (reported). */
    private YNode.YMap settings(YNode item, YNode args, String kind, String required) {
        String form = "{" + String.join(", ", KIND_KEYS.get(kind)) + "}";
        if (args == null) {
            r.problem(item.at(), kind + " needs " + required);
            return null;
        }
        YNode.YMap m = r.argsMap(args, kind, form);
        if (m != null) r.checkKeys(m, kind, KIND_KEYS.get(kind));
        return m;
    }

    /** The settings map of a kind whose settings all have defaults: empty when written as a bare word. */
    private YNode.YMap optionalSettings(YNode item, YNode args, String kind) {
        if (args == null || NodeReader.isNull(args)) return new YNode.YMap(item.at());
        YNode.YMap m = r.argsMap(args, kind, "{" + String.join(", ", KIND_KEYS.get(kind)) + "}");
        if (m != null) r.checkKeys(m, kind, KIND_KEYS.get(kind));
        return m;
    }

    private TransformSpec crop(YNode item, YNode args, String p) {
        YNode.YMap m = settings(item, args, "random_crop", "{size: s} (the image size, e.g. 28) and usually padding");
        if (m == null) return null;
        Integer size = r.intValue(m, "size", p, null, true);
        Integer padding = r.intValue(m, "padding", p, Defaults.CROP_PADDING, false);
        double fill = r.number(m, "fill", p, Defaults.CROP_FILL);
        if (size == null || padding == null) return null;
        return beans.put(new TransformSpec.RandomCrop(size, padding, fill), p);
    }

    private TransformSpec flip(YNode item, YNode args, String p) {
        YNode.YMap m = optionalSettings(item, args, "random_horizontal_flip");
        if (m == null) return null;
        double prob = r.number(m, "p", p, Defaults.FLIP_P);
        return beans.put(new TransformSpec.RandomHorizontalFlip(prob), p);
    }

    private TransformSpec erasing(YNode item, YNode args, String p) {
        YNode.YMap m = optionalSettings(item, args, "random_erasing");
        if (m == null) return null;
        double prob = r.number(m, "p", p, Defaults.ERASING_P);
        TransformSpec.Range scale = range(m, "scale", p, Defaults.ERASING_SCALE, 0, 1, true,
                "fractions of the image area in [0, 1], e.g. [0.02, 0.33]");
        TransformSpec.Range ratio = range(m, "ratio", p, Defaults.ERASING_RATIO, 0, Double.POSITIVE_INFINITY, false,
                "aspect ratios (height/width) above 0, e.g. [0.3, 3.3]");
        double value = r.number(m, "value", p, Defaults.ERASING_VALUE);
        if (scale == null || ratio == null) return null;
        return beans.put(new TransformSpec.RandomErasing(prob, scale, ratio, value), p);
    }

    private TransformSpec affine(YNode item, YNode args, String p) {
        if (args instanceof YNode.YScalar s && s.value() instanceof Number) {
            r.record(p + ".degrees", args);
            Double degrees = r.finite(s, "degrees");
            return degrees == null ? null
                    : beans.put(new TransformSpec.RandomAffine(degrees, null, null, Defaults.AFFINE_FILL), p);
        }
        YNode.YMap m = settings(item, args, "random_affine", "{degrees: d} (0 for none)");
        if (m == null) return null;
        Double degrees = r.numberRequired(m, "degrees", p);
        TransformSpec.Range translate = range(m, "translate", p, null, 0, 1, true,
                "the largest shifts as fractions of the width and height, each in [0, 1], e.g. [0.1, 0.1]");
        boolean translateBad = m.get("translate") != null && translate == null;
        TransformSpec.Range scale = m.get("scale") == null ? null : range(m, "scale", p, null, 0,
                Double.POSITIVE_INFINITY, false, "the smallest and largest scale, above 0, e.g. [0.9, 1.1]");
        double fill = r.number(m, "fill", p, Defaults.AFFINE_FILL);
        if (degrees == null || translateBad || (m.get("scale") != null && scale == null)) return null;
        TransformSpec.Translate t = translate == null ? null : new TransformSpec.Translate(translate.min(),
                translate.max());
        return beans.put(new TransformSpec.RandomAffine(degrees, t, scale, fill), p);
    }

    /**
     * Two numbers {@code [a, b]} under {@code key} within [{@code lo}, {@code hi}] ({@code lo} itself allowed when
     * {@code loInclusive}); for every key but translate also {@code a ≤ b}. {@code dflt} when absent; null when
     * wrong (reported, {@code what} says what the numbers are).
     */
    private TransformSpec.Range range(YNode.YMap m, String key, String p, TransformSpec.Range dflt, double lo,
                                      double hi, boolean loInclusive, String what) {
        YNode node = m.get(key);
        if (node == null) return dflt;
        double[] v = r.numbers(m, key, p, 2, what.substring(what.lastIndexOf("e.g. ") + 5));
        if (v == null) return null;
        String interval = (loInclusive ? "[" : "(") + plain(lo) + ", "
                + (Double.isInfinite(hi) ? "∞)" : plain(hi) + "]");
        boolean ok = true;
        for (int i = 0; i < 2; i++) {
            boolean inside = (loInclusive ? v[i] >= lo : v[i] > lo) && v[i] <= hi;
            if (!inside) {
                YNode at = ((YNode.YSeq) node).items().get(i);
                r.problem(at.at(), key + "[" + i + "] must be in " + interval + " (" + what + "), got "
                        + NodeReader.shown(at));
                ok = false;
            }
        }
        if (ok && !key.equals("translate") && v[0] > v[1]) {
            r.problem(node.at(), key + " must be [smallest, largest], got " + NodeReader.shown(node) + "; write ["
                    + plain(v[1]) + ", " + plain(v[0]) + "]");
            ok = false;
        }
        return ok ? new TransformSpec.Range(v[0], v[1]) : null;
    }

    private static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
