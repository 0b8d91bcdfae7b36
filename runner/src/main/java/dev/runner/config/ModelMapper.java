package dev.runner.config;

import dev.runner.config.tree.NodeReader;
import dev.runner.config.tree.YNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code model: {init, layers}}: the network, layer by layer. */
final class ModelMapper {
    static final List<String> KEYS = List.of("init", "layers");
    static final List<String> LAYER_KINDS = List.of("conv2d", "maxpool", "avgpool", "dense", "dropout", "batchnorm",
            "flatten", "relu", "tanh", "sigmoid", "softmax", "log_softmax");
    /** The settings of each layer kind that has any; the others are written as a bare word. */
    static final Map<String, List<String>> LAYER_KEYS = Map.of(
            "conv2d", List.of("filters", "kernel", "stride", "padding", "bias", "init"),
            "maxpool", List.of("kernel", "stride"),
            "avgpool", List.of("kernel", "stride"),
            "dense", List.of("units", "activation", "bias", "init"),
            "dropout", List.of("rate"),
            "batchnorm", List.of("eps", "momentum"));
    private static final String EXAMPLE = "a list of layers under model: layers:";

    private final NodeReader r;
    private final BeanPaths beans;
    private final InitMapper inits;

    ModelMapper(NodeReader r, BeanPaths beans) {
        this.r = r;
        this.beans = beans;
        this.inits = new InitMapper(r, beans);
    }

    /** The model, when it and all its layers mapped; null otherwise. */
    ModelSpec map(YNode.YMap top) {
        YNode.YMap m = r.section(top, "model", "", true, EXAMPLE);
        if (m == null) return null;
        r.checkKeys(m, "model", KEYS);
        InitSpec init = Defaults.MODEL_INIT;
        if (m.get("init") != null) {
            init = inits.map(m.get("init"), "model.init");
        }
        YNode layersNode = m.get("layers");
        List<LayerSpec> layers = new ArrayList<>();
        if (layersNode == null) {
            if (!r.wasSuggested(m, "layers")) {
                r.problem(m.at(), "model needs 'layers', a list of layers (valid kinds: "
                        + String.join(", ", LAYER_KINDS) + ")");
            }
            return null;
        }
        r.record("model.layers", layersNode);
        if (!(layersNode instanceof YNode.YSeq seq)) {
            r.problem(layersNode.at(), "layers must be a list, one '- ' item per layer, got "
                    + layersNode.describe());
            return null;
        }
        boolean allMapped = true;
        for (int i = 0; i < seq.items().size(); i++) {
            LayerSpec layer = layer(seq.items().get(i), "model.layers[" + i + "]");
            if (layer == null) {
                allMapped = false;
            } else {
                layers.add(layer);
            }
        }
        if (init == null || !allMapped) return null;
        return beans.put(new ModelSpec(init, layers), "model");
    }

    private LayerSpec layer(YNode item, String path) {
        r.record(path, item);
        NodeReader.Kind kind = r.kindOf(item, path, "layer kind", LAYER_KINDS);
        if (kind == null) return null;
        String name = kind.name();
        String p = path + "." + name;
        YNode args = kind.args();
        List<String> keys = LAYER_KEYS.get(name);
        if (keys == null) {
            if (args != null && !NodeReader.isNull(args)) {
                r.problem(args.at(), name + " takes no settings; write it as '- " + name + "'");
                return null;
            }
            if (name.equals("flatten")) return beans.put(new LayerSpec.Flatten(), p);
            return beans.put(new LayerSpec.ActivationLayer(activation(name)), p);
        }
        // Shorthands: maxpool: 2, avgpool: 2, dropout: 0.3, dense: 10.
        String shorthandKey = switch (name) {
            case "maxpool", "avgpool" -> "kernel";
            case "dropout" -> "rate";
            case "dense" -> "units";
            default -> null;
        };
        YNode.YMap m;
        if (args == null || NodeReader.isNull(args)) {
            m = new YNode.YMap(item.at());
        } else if (args instanceof YNode.YScalar s && shorthandKey != null) {
            m = new YNode.YMap(args.at());
            m.put(shorthandKey, args.at(), s);
        } else {
            m = r.argsMap(args, name, "{" + String.join(", ", keys) + "}");
            if (m == null) return null;
        }
        r.checkKeys(m, name, keys);
        switch (name) {
            case "conv2d": {
                Integer filters = r.intValue(m, "filters", p, null, true);
                Integer kernel = r.intValue(m, "kernel", p, null, true);
                Integer stride = r.intValue(m, "stride", p, Defaults.CONV_STRIDE, false);
                LayerSpec.Padding padding = padding(m, p);
                boolean bias = r.bool(m, "bias", p, Defaults.BIAS);
                InitSpec init = m.get("init") == null ? null : inits.map(m.get("init"), p + ".init");
                if (filters == null || kernel == null || stride == null || padding == null
                        || (m.get("init") != null && init == null)) {
                    return null;
                }
                return beans.put(new LayerSpec.Conv2d(filters, kernel, stride, padding, bias, init), p);
            }
            case "maxpool":
            case "avgpool": {
                Integer kernel = r.intValue(m, "kernel", p, null, true);
                if (kernel == null) return null;
                Integer stride = r.intValue(m, "stride", p, kernel, false);
                if (stride == null) return null;
                LayerSpec.PoolKind pool = name.equals("maxpool") ? LayerSpec.PoolKind.MAX : LayerSpec.PoolKind.AVG;
                return beans.put(new LayerSpec.Pool(pool, kernel, stride), p);
            }
            case "dense": {
                Integer units = r.intValue(m, "units", p, null, true);
                LayerSpec.Activation activation = r.choice(m, "activation", p, LayerSpec.Activation.values(),
                        Named::yamlName, Defaults.DENSE_ACTIVATION, "activation");
                boolean bias = r.bool(m, "bias", p, Defaults.BIAS);
                InitSpec init = m.get("init") == null ? null : inits.map(m.get("init"), p + ".init");
                if (units == null || activation == null || (m.get("init") != null && init == null)) return null;
                return beans.put(new LayerSpec.Dense(units, activation, bias, init), p);
            }
            case "dropout":
                return beans.put(new LayerSpec.Dropout(r.number(m, "rate", p, Defaults.DROPOUT_RATE)), p);
            case "batchnorm":
                return beans.put(new LayerSpec.BatchNorm(r.number(m, "eps", p, Defaults.BATCHNORM_EPS),
                        r.number(m, "momentum", p, Defaults.BATCHNORM_MOMENTUM)), p);
            default:
                throw new IllegalStateException("layer kind without mapping: " + name);
        }
    }

    private static LayerSpec.Activation activation(String word) {
        for (LayerSpec.Activation a : LayerSpec.Activation.values()) {
            if (a.yamlName().equals(word)) return a;
        }
        throw new IllegalStateException("activation layer kind without an activation: " + word);
    }

    private LayerSpec.Padding padding(YNode.YMap m, String p) {
        YNode node = m.get("padding");
        if (node == null) return LayerSpec.Padding.of(Defaults.CONV_PADDING);
        r.record(p + ".padding", node);
        if (node instanceof YNode.YScalar s) {
            if ("same".equals(s.value())) return LayerSpec.Padding.SAME;
            if (s.value() instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
                return beans.put(LayerSpec.Padding.of(l.intValue()), p + ".padding");
            }
            String expected = NodeReader.integerExpected(s, 0, Integer.MAX_VALUE);
            r.problem(node.at(), "padding " + (expected.startsWith("must be at most") ? expected
                    : "must be 0, a positive integer or same") + ", got " + s.shown());
            return null;
        }
        r.problem(node.at(), "padding must be 0, a positive integer or same, got " + node.describe());
        return null;
    }
}
