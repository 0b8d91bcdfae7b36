package dev.runner.model;

import java.util.List;
import java.util.Locale;

/**
 * One row per layer of the experiment: its YAML line, kind, output shape and trainable parameter count (as
 * PyTorch counts them: batch-norm running statistics are buffers, not parameters).
 */
public record ModelSummary(LayerShape input, List<Row> rows) {

    public record Row(int index, int line, String kind, LayerShape output, long parameters) {
    }

    public ModelSummary {
        rows = List.copyOf(rows);
    }

    public long totalParameters() {
        return rows.stream().mapToLong(Row::parameters).sum();
    }

    public LayerShape output() {
        return rows.isEmpty() ? input : rows.get(rows.size() - 1).output();
    }

    /** A fixed-width table, as Keras's {@code summary()} prints. */
    public String render() {
        StringBuilder b = new StringBuilder();
        String format = "%-4s %-6s %-12s %-14s %12s%n";
        b.append(String.format(Locale.ROOT, format, "#", "line", "layer", "output", "parameters"));
        b.append(String.format(Locale.ROOT, format, "", "", "input", input, ""));
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, format, r.index(), r.line() > 0 ? r.line() : "", r.kind(), r.output(),
                    String.format(Locale.ROOT, "%,d", r.parameters())));
        }
        b.append(String.format(Locale.ROOT, "total trainable parameters: %,d%n", totalParameters()));
        return b.toString();
    }
}
