package dev.runner.config;

import dev.runner.config.tree.NodeReader;
import dev.runner.config.tree.YNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code reference:}, the published result a run is compared with: {@code source} (required text), {@code tutorial},
 * {@code model} and {@code note} (text), and any other key a figure (a number). Keys are free, so there is no list of
 * valid ones to check against.
 */
final class ReferenceMapper {
    private final NodeReader r;

    ReferenceMapper(NodeReader r) {
        this.r = r;
    }

    ReferenceSpec map(YNode.YMap top) {
        YNode.YMap m = r.section(top, "reference", "", false, null);
        if (m == null) return null;
        String source = r.text(m, "source", "reference", null, true);
        String tutorial = r.text(m, "tutorial", "reference", null, false);
        String model = r.text(m, "model", "reference", null, false);
        String note = r.text(m, "note", "reference", null, false);
        Map<String, Double> figures = new LinkedHashMap<>();
        for (Map.Entry<String, YNode.Entry> e : m.entries().entrySet()) {
            String key = e.getKey();
            if (ReferenceSpec.TEXT_KEYS.contains(key)) continue;
            YNode node = e.getValue().value();
            r.record("reference." + key, node);
            if (!key.matches("[a-z0-9][a-z0-9_]*")) {
                r.problem(e.getValue().keyAt(), "reference figure names are lower-case letters, digits and '_', "
                        + "got '" + key + "'");
            } else if (node instanceof YNode.YScalar s && (s.value() instanceof Long || s.value() instanceof Double)) {
                Double figure = r.finite(s, "reference." + key);
                if (figure != null) figures.put(key, figure);
            } else {
                r.problem(node.at(), "reference." + key + " must be a number (a published figure; text goes in "
                        + "source, tutorial, model or note), got " + NodeReader.shown(node));
            }
        }
        return source == null ? null : new ReferenceSpec(source, tutorial, model, note, figures);
    }
}
