package dev.runner.config.tree;

import java.util.List;
import java.util.Map;

/**
 * Applies {@code --set} overrides to the YAML tree before it is mapped, so that overridden values are validated
 * exactly like values in the file, and problems with them point at the override.
 */
public final class OverrideApplier {
    private final YamlTreeLoader loader = new YamlTreeLoader();

    public void apply(YNode root, SetOverride o, List<Problem> problems) {
        apply(root, o, Position.override(o.assignment()), problems);
    }

    /** As {@link #apply(YNode, SetOverride, List)}, problems and the new value placed at {@code at}. */
    public void apply(YNode root, SetOverride o, Position at, List<Problem> problems) {
        YNode value;
        try {
            value = relocate(loader.parse(o.assignment(), o.value().isEmpty() ? "''" : o.value()).root(), at);
        } catch (TreeException e) {
            problems.add(new Problem(at, "cannot read the value '" + o.value() + "' as YAML"));
            return;
        }
        YNode current = root;
        String walked = "";
        List<Object> path = o.path();
        for (int i = 0; i < path.size(); i++) {
            Object seg = path.get(i);
            boolean last = i == path.size() - 1;
            if (seg instanceof String key) {
                if (!(current instanceof YNode.YMap map)) {
                    problems.add(new Problem(at, "path " + o.pathText() + " does not exist: " + walked + " is "
                            + current.describe() + ", not a map of settings"));
                    return;
                }
                String here = walked.isEmpty() ? key : walked + "." + key;
                String chosen = chosenKind(walked, map);
                if (chosen != null && map.get(key) == null) {
                    // Adding a second kind would make a layer (or optimizer) with two kinds, reported at the file's
                    // line as if the file were wrong; the mistake is in the path, so say so.
                    problems.add(new Problem(at, "path " + o.pathText() + " does not exist: " + walked + " is "
                            + (walked.equals("optimizer")
                            ? chosen + " (to switch, set the whole optimizer: --set 'optimizer={" + key
                            + ": {lr: 0.1}}')"
                            : "a " + chosen + (walked.startsWith("model.") ? " layer" : " transform"))));
                    return;
                }
                if (last) {
                    map.put(key, at, value);
                    return;
                }
                YNode next = map.get(key);
                if (next == null) {
                    next = new YNode.YMap(at);
                    map.put(key, at, next);
                } else if (next instanceof YNode.YScalar s && s.value() == null) {
                    next = new YNode.YMap(at);
                    map.put(key, at, next);
                }
                current = next;
                walked = here;
            } else {
                int index = (Integer) seg;
                String here = walked + "[" + index + "]";
                if (!(current instanceof YNode.YSeq seq)) {
                    problems.add(new Problem(at, "path " + o.pathText() + " does not exist: " + walked + " is "
                            + current.describe() + ", not a list"));
                    return;
                }
                if (index >= seq.items().size()) {
                    problems.add(new Problem(at, "path " + o.pathText() + " does not exist: " + walked + " has "
                            + seq.items().size() + " items (indexes 0 to " + (seq.items().size() - 1) + ")"));
                    return;
                }
                if (last) {
                    seq.items().set(index, value);
                    return;
                }
                current = seq.items().get(index);
                walked = here;
            }
        }
    }

    /**
     * The kind a one-of map names ({@code conv2d} in a layer {@code {conv2d: {...}}}, {@code adam} in the optimizer),
     * or null when {@code map} at {@code path} is an ordinary map of settings.
     */
    private static String chosenKind(String path, YNode.YMap map) {
        boolean oneOf = path.equals("optimizer") || path.matches("model\\.layers\\[\\d+]")
                || path.matches("transforms\\.\\w+\\[\\d+]");
        return oneOf && map.entries().size() == 1 ? map.entries().keySet().iterator().next() : null;
    }

    /** Gives every node of a parsed override value the override's position. */
    private static YNode relocate(YNode node, Position at) {
        if (node instanceof YNode.YMap m) {
            YNode.YMap out = new YNode.YMap(at);
            for (Map.Entry<String, YNode.Entry> e : m.entries().entrySet()) {
                out.put(e.getKey(), at, relocate(e.getValue().value(), at));
            }
            return out;
        }
        if (node instanceof YNode.YSeq s) {
            YNode.YSeq out = new YNode.YSeq(at);
            for (YNode item : s.items()) out.items().add(relocate(item, at));
            return out;
        }
        YNode.YScalar s = (YNode.YScalar) node;
        return new YNode.YScalar(at, s.value(), s.text(), s.quoted());
    }
}
