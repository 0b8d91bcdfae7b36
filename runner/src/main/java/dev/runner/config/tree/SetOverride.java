package dev.runner.config.tree;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * One {@code --set PATH=VALUE}: a dotted path with list indexes ({@code model.layers[0].conv2d.filters}) and a YAML
 * value ({@code 8}, {@code 0.01}, {@code true}, {@code [0.9, 0.99]}).
 */
public record SetOverride(String assignment, List<Object> path, String value) {
    private static final java.util.regex.Pattern SEGMENT =
            java.util.regex.Pattern.compile("([A-Za-z_][A-Za-z0-9_-]*)|\\[(\\d+)]");

    /** Parses {@code PATH=VALUE}; path segments are {@code String} keys and {@code Integer} indexes. */
    public static SetOverride parse(String assignment) throws TreeException {
        int eq = assignment.indexOf('=');
        Position at = Position.override(assignment);
        if (eq <= 0) {
            throw new TreeException(new Problem(at,
                    "expected PATH=VALUE, e.g. training.epochs=1 or model.layers[0].conv2d.filters=8"));
        }
        String pathText = assignment.substring(0, eq).strip();
        List<Object> path = new ArrayList<>();
        int pos = 0;
        while (pos < pathText.length()) {
            if (!path.isEmpty() && pathText.charAt(pos) == '.') {
                pos++;
            }
            Matcher m = SEGMENT.matcher(pathText);
            if (!m.find(pos) || m.start() != pos) {
                throw new TreeException(new Problem(at, "cannot read path '" + pathText
                        + "' at character " + (pos + 1) + "; write keys joined by '.', list items as [N]"));
            }
            if (m.group(1) != null) {
                path.add(m.group(1));
            } else if (new BigInteger(m.group(2)).compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
                // Far beyond any list an experiment has; say so rather than fail on reading the number.
                throw new TreeException(new Problem(at, "list index " + m.group(2) + " in path '" + pathText
                        + "' is too large (at most " + Integer.MAX_VALUE + "); lists are indexed from 0"));
            } else {
                path.add(Integer.valueOf(m.group(2)));
            }
            pos = m.end();
        }
        if (!(path.get(0) instanceof String)) {
            throw new TreeException(new Problem(at, "a path starts with a key, e.g. training.epochs"));
        }
        return new SetOverride(assignment, List.copyOf(path), assignment.substring(eq + 1).strip());
    }

    public String pathText() {
        StringBuilder b = new StringBuilder();
        for (Object seg : path) {
            if (seg instanceof Integer i) {
                b.append('[').append(i).append(']');
            } else {
                if (b.length() > 0) b.append('.');
                b.append(seg);
            }
        }
        return b.toString();
    }
}
