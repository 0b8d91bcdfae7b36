package dev.runner.config.tree;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The YAML document as a tree in which every node keeps its position, so that a problem found late (a shape that
 * does not fit, an override that does not apply) can still point into the file.
 */
public sealed interface YNode permits YNode.YMap, YNode.YSeq, YNode.YScalar {

    Position at();

    /** A deep copy, positions kept: overrides mutate a tree, and a sweep resolves one base many times. */
    static YNode copy(YNode node) {
        if (node instanceof YMap m) {
            YMap out = new YMap(m.at());
            for (Map.Entry<String, Entry> e : m.entries().entrySet()) {
                out.put(e.getKey(), e.getValue().keyAt(), copy(e.getValue().value()));
            }
            return out;
        }
        if (node instanceof YSeq s) {
            YSeq out = new YSeq(s.at());
            for (YNode item : s.items()) out.items().add(copy(item));
            return out;
        }
        return node;
    }

    /** A short description of the node's type for messages: "a map", "a list", "a number"... */
    String describe();

    /** A mapping; keys keep their own positions. Mutable only while overrides are applied. */
    record YMap(Position at, Map<String, Entry> entries) implements YNode {
        public YMap(Position at) {
            this(at, new LinkedHashMap<>());
        }

        public YNode get(String key) {
            Entry e = entries.get(key);
            return e == null ? null : e.value();
        }

        public void put(String key, Position keyAt, YNode value) {
            entries.put(key, new Entry(keyAt, value));
        }

        @Override
        public String describe() {
            return "a map";
        }
    }

    record Entry(Position keyAt, YNode value) {
    }

    record YSeq(Position at, List<YNode> items) implements YNode {
        public YSeq(Position at) {
            this(at, new ArrayList<>());
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /**
     * A scalar with its resolved value: {@code Long}, {@code Double}, {@code Boolean}, {@code String} or
     * {@code null}; {@code quoted} tells a string the user quoted from a plain word.
     */
    record YScalar(Position at, Object value, String text, boolean quoted) implements YNode {
        @Override
        public String describe() {
            if (value == null) return "empty";
            if (value instanceof Boolean) return "a boolean";
            if (value instanceof Long || value instanceof Double) return "a number";
            return "text";
        }

        /** The value as the user wrote it, for "got ..." in messages. */
        public String shown() {
            return value instanceof String ? "\"" + text + "\"" : text;
        }
    }
}
