package dev.runner.compare;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A run's {@code config.yaml} as dotted keys in file order, the way {@code --set} addresses them:
 * {@code optimizer.sgd.lr=0.05}, {@code model.layers[0].conv2d.filters=8}, {@code model.layers[1]=relu}. A list of
 * plain values stays one value ({@code betas=[0.9, 0.999]}). Every node, inner ones too, is also kept with its kind
 * and a one-line summary, so that a part whose structure differs between runs (another optimizer, other layers) can
 * be compared as one column.
 */
public final class ConfigFlattener {
    public enum Kind { SCALAR, MAP, LIST }

    /**
     * One node: its kind and a one-line summary: the value of a scalar, the compact form of a map
     * ({@code {sgd: {lr: 0.05, momentum: 0.9}}}), and for a list the kinds of its items ({@code conv2d relu maxpool}).
     */
    public record Node(Kind kind, String summary) {
    }

    /** {@code values}: the leaves by dotted key; {@code nodes}: every node by path (leaves included), in file order. */
    public record Flat(Map<String, String> values, Map<String, Node> nodes) {
    }

    private ConfigFlattener() {
    }

    public static Flat flatten(String yaml) {
        Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Node> nodes = new LinkedHashMap<>();
        if (root instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) walk(String.valueOf(e.getKey()), e.getValue(), values, nodes);
        }
        return new Flat(values, nodes);
    }

    private static void walk(String path, Object node, Map<String, String> values, Map<String, Node> nodes) {
        if (node instanceof Map<?, ?> map) {
            nodes.put(path, new Node(Kind.MAP, compact(map)));
            if (map.isEmpty()) values.put(path, "{}");
            for (Map.Entry<?, ?> e : map.entrySet()) walk(path + "." + e.getKey(), e.getValue(), values, nodes);
        } else if (node instanceof List<?> list && list.stream().anyMatch(x -> x instanceof Map || x instanceof List)) {
            nodes.put(path, new Node(Kind.LIST, list.stream().map(ConfigFlattener::itemKind)
                    .collect(Collectors.joining(" "))));
            for (int i = 0; i < list.size(); i++) walk(path + "[" + i + "]", list.get(i), values, nodes);
        } else {
            String v = compact(node);
            nodes.put(path, new Node(Kind.SCALAR, v));
            values.put(path, v);
        }
    }

    /** What an item of a list is: a plain value itself, a map by its keys ({@code conv2d}), a list as {@code [n]}. */
    private static String itemKind(Object item) {
        if (item instanceof Map<?, ?> m) return m.keySet().stream().map(String::valueOf).collect(Collectors.joining("+"));
        if (item instanceof List<?> l) return "[" + l.size() + "]";
        return compact(item);
    }

    static String compact(Object node) {
        if (node instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> e.getKey() + ": " + compact(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        if (node instanceof List<?> list) {
            return list.stream().map(ConfigFlattener::compact).collect(Collectors.joining(", ", "[", "]"));
        }
        return node == null ? "null" : String.valueOf(node);
    }
}
