package dev.runner.config.tree;

import java.util.Map;

/**
 * Where each value of a resolved experiment came from, by dotted path ({@code training.batch_size},
 * {@code model.layers[3].conv2d.kernel}): the same paths {@code --set} takes. Later stages (shape inference, the
 * compiler) use it to point their problems into the file.
 */
public record SourceMap(Map<String, YNode> nodes, Position whole) {

    public SourceMap {
        nodes = Map.copyOf(nodes);
    }

    /** The position of {@code path}, or of its nearest enclosing value that has one. */
    public Position at(String path) {
        String p = path;
        while (!p.isEmpty()) {
            YNode n = nodes.get(p);
            if (n != null) {
                return n.at();
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
        return whole;
    }

    public YNode node(String path) {
        return nodes.get(path);
    }
}
