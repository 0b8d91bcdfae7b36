package dev.runner.config.tree;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads values out of a {@link YNode} tree the way a student's file deserves: every read that finds something wrong
 * records a {@link Problem} at the value's position and returns null (or the default), so one pass over a file
 * reports all of its mistakes. It also records where each value came from, by the dotted path {@code --set} takes,
 * for the {@link SourceMap} later stages point their problems with.
 */
public final class NodeReader {
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, YNode> nodes = new HashMap<>();
    /** Per map, the valid keys that an unknown key in it was taken for: "missing 'filters'" would repeat it. */
    private final Map<YNode.YMap, Set<String>> suggested = new IdentityHashMap<>();

    /** Every problem found so far, in the order found. */
    public List<Problem> problems() {
        return problems;
    }

    public void problem(Position at, String message) {
        problems.add(new Problem(at, message));
    }

    /** Where each value read so far came from; {@code whole} stands for the file when no path matches. */
    public SourceMap sources(Position whole) {
        return new SourceMap(nodes, whole);
    }

    /** Records that the value at {@code path} is {@code node}, for pointing at it later. */
    public void record(String path, YNode node) {
        nodes.put(path, node);
    }

    // ---- maps and keys -----------------------------------------------------------------------------------------

    /**
     * The map under {@code key}; null when absent (a problem when {@code required}, unless a misspelling of it was
     * already reported; {@code example} says what to write) or not a map.
     */
    public YNode.YMap section(YNode.YMap parent, String key, String parentPath, boolean required, String example) {
        YNode node = parent.get(key);
        String path = join(parentPath, key);
        if (node == null) {
            if (required && !wasSuggested(parent, key)) {
                problem(parent.at(), "missing required section '" + path + "'"
                        + (example == null ? "" : " (" + example + ")"));
            }
            return null;
        }
        record(path, node);
        return asMap(node, key);
    }

    /** {@code node} as a map of settings; {@code what} names it in the message when it is not one. */
    public YNode.YMap asMap(YNode node, String what) {
        if (node instanceof YNode.YMap m) return m;
        problem(node.at(), what + " must be a map of settings, got " + shown(node));
        return null;
    }

    /** {@code node} as the settings of a kind ({@code form} shows them: "{mean: m, std: s} or auto"). */
    public YNode.YMap argsMap(YNode node, String what, String form) {
        if (node instanceof YNode.YMap m) return m;
        problem(node.at(), what + " takes " + form + ", got " + shown(node));
        return null;
    }

    /** Reports each key of {@code m} not in {@code valid}, with the closest valid key when one is close. */
    public void checkKeys(YNode.YMap m, String context, List<String> valid) {
        for (Map.Entry<String, YNode.Entry> e : m.entries().entrySet()) {
            if (!valid.contains(e.getKey())) {
                problem(e.getValue().keyAt(), "unknown key '" + e.getKey() + "' in " + context
                        + Suggestions.hint(e.getKey(), valid));
                suggestedFor(m, e.getKey(), valid);
            }
        }
    }

    /** Notes that an unknown key of {@code m} was reported as a misspelling of the closest of {@code valid}. */
    public void suggestedFor(YNode.YMap m, String unknownKey, List<String> valid) {
        Suggestions.closest(unknownKey, valid)
                .ifPresent(c -> suggested.computeIfAbsent(m, k -> new HashSet<>()).add(c));
    }

    /** Whether an unknown key in {@code m} was already reported as a misspelling of {@code key}. */
    public boolean wasSuggested(YNode.YMap m, String key) {
        return suggested.getOrDefault(m, Set.of()).contains(key);
    }

    // ---- typed values ------------------------------------------------------------------------------------------

    /**
     * The node under {@code key}, recorded at its path; null when absent, which is a problem when {@code required}
     * ({@code expected} says what kind of value to write).
     */
    public YNode value(YNode.YMap m, String key, String path, boolean required, String expected) {
        YNode node = m.get(key);
        if (node == null) {
            if (required && !wasSuggested(m, key)) {
                problem(m.at(), "missing required key '" + key + "' (" + expected + ")"
                        + (path.isEmpty() ? "" : " in " + lastName(path)));
            }
            return null;
        }
        record(join(path, key), node);
        return node;
    }

    public String text(YNode.YMap m, String key, String path, String dflt, boolean required) {
        YNode node = value(m, key, path, required, "text");
        if (node == null) return dflt;
        if (node instanceof YNode.YScalar s && s.value() != null) return s.text();
        problem(node.at(), key + " must be text, got " + shown(node));
        return dflt;
    }

    public Long longValue(YNode.YMap m, String key, String path, Long dflt, boolean required) {
        YNode node = value(m, key, path, required, "an integer");
        if (node == null) return dflt;
        if (node instanceof YNode.YScalar s && s.value() instanceof Long l) return l;
        problem(node.at(), key + " " + integerExpected(node, Long.MIN_VALUE, Long.MAX_VALUE) + ", got " + shown(node)
                + quotedNumber(node));
        return null;
    }

    public Integer intValue(YNode.YMap m, String key, String path, Integer dflt, boolean required) {
        YNode node = value(m, key, path, required, "an integer");
        if (node == null) return dflt;
        if (node instanceof YNode.YScalar s && s.value() instanceof Long l && l >= Integer.MIN_VALUE
                && l <= Integer.MAX_VALUE) {
            return l.intValue();
        }
        problem(node.at(), key + " " + integerExpected(node, Integer.MIN_VALUE, Integer.MAX_VALUE) + ", got "
                + shown(node) + quotedNumber(node));
        return null;
    }

    /**
     * What to say of {@code node} where an integer in [{@code min}, {@code max}] belongs: "must be at most N" for a
     * whole number written beyond the range (it is an integer, just too large to mean anything here), else "must be
     * an integer".
     */
    public static String integerExpected(YNode node, long min, long max) {
        if (node instanceof YNode.YScalar s && s.value() instanceof Number) {
            String digits = s.text().replace("_", "");
            if (digits.matches("[-+]?\\d+")) {
                BigInteger v = new BigInteger(digits.startsWith("+") ? digits.substring(1) : digits);
                if (v.compareTo(BigInteger.valueOf(max)) > 0) return "must be at most " + max;
                if (v.compareTo(BigInteger.valueOf(min)) < 0) return "must be at least " + min;
            }
        }
        return "must be an integer";
    }

    /** A number under {@code key}, or {@code dflt} when absent or not a number (which is reported). */
    public double number(YNode.YMap m, String key, String path, double dflt) {
        Double d = numberOrNull(m, key, path, false);
        return d == null ? dflt : d;
    }

    /** A number that must be there; null when absent or not a number (both reported). */
    public Double numberRequired(YNode.YMap m, String key, String path) {
        return numberOrNull(m, key, path, true);
    }

    private Double numberOrNull(YNode.YMap m, String key, String path, boolean required) {
        YNode node = value(m, key, path, required, "a number");
        if (node == null) return null;
        if (isNumber(node)) return finite((YNode.YScalar) node, key);
        problem(node.at(), key + " must be a number, got " + shown(node) + quotedNumber(node));
        return null;
    }

    /**
     * The number {@code s} holds when it is finite; null when it is infinite or not a number (reported as
     * "{@code what} must be a finite number"): no setting can train with one, nor be written back and read again.
     */
    public Double finite(YNode.YScalar s, String what) {
        double d = ((Number) s.value()).doubleValue();
        if (Double.isFinite(d)) return d;
        boolean overflow = !s.text().replace("_", "").matches("[-+]?\\.(inf|Inf|INF|nan|NaN|NAN)");
        problem(s.at(), what + " must be a finite number, got " + s.shown()
                + (overflow ? " (too large: at most about 1.8e308)" : ""));
        return null;
    }

    /**
     * Exactly {@code count} numbers in a list under {@code key}, each recorded at {@code path.key[i]}; null when
     * absent (the caller's defaults hold) and when not such a list (reported, {@code example} shows one).
     */
    public double[] numbers(YNode.YMap m, String key, String path, int count, String example) {
        YNode node = value(m, key, path, false, "a list of numbers");
        if (node == null) return null;
        if (node instanceof YNode.YSeq seq && seq.items().size() == count
                && seq.items().stream().allMatch(NodeReader::isNumber)) {
            double[] out = new double[count];
            boolean allFinite = true;
            for (int i = 0; i < count; i++) {
                record(join(path, key) + "[" + i + "]", seq.items().get(i));
                Double d = finite((YNode.YScalar) seq.items().get(i), key + "[" + i + "]");
                if (d == null) allFinite = false;
                else out[i] = d;
            }
            return allFinite ? out : null;
        }
        problem(node.at(), key + " must be a list of " + countWord(count) + " numbers, e.g. " + example + ", got "
                + shown(node));
        return null;
    }

    public boolean bool(YNode.YMap m, String key, String path, boolean dflt) {
        YNode node = value(m, key, path, false, "true or false");
        if (node == null) return dflt;
        if (node instanceof YNode.YScalar s && s.value() instanceof Boolean b) return b;
        problem(node.at(), key + " must be true or false, got " + shown(node));
        return dflt;
    }

    /**
     * One of {@code values}, written as its {@code word}; {@code dflt} when absent, null when not one of them
     * (reported with the closest word). {@code what} names the value in messages ("unknown activation 'rleu'").
     */
    public <E> E choice(YNode.YMap m, String key, String path, E[] values, Function<? super E, String> word,
                        E dflt, String what) {
        YNode node = value(m, key, path, false, what);
        if (node == null) return dflt;
        List<String> words = Arrays.stream(values).map(word).toList();
        if (node instanceof YNode.YScalar s && s.value() instanceof String written) {
            for (E v : values) {
                if (word.apply(v).equals(written)) return v;
            }
            problem(node.at(), "unknown " + what + " '" + written + "'" + Suggestions.hint(written, words));
            return null;
        }
        problem(node.at(), key + " must be one of " + String.join(", ", words) + ", got " + shown(node));
        return null;
    }

    /** {@code node} as a list; null (reported: "{@code what} must be a list") when it is something else. */
    public YNode.YSeq asList(YNode node, String what) {
        if (node instanceof YNode.YSeq seq) return seq;
        problem(node.at(), what + " must be a list, got " + node.describe());
        return null;
    }

    /** A kind named by a one-key map ({@code conv2d: {...}}) or a bare word ({@code relu}), and its settings. */
    public record Kind(String name, YNode args) {
    }

    /**
     * The kind {@code item} names, from {@code kinds} ({@code what} names them in messages: "layer kind"), with its
     * settings node recorded at {@code path.KIND}; null when the item names none (reported).
     */
    public Kind kindOf(YNode item, String path, String what, List<String> kinds) {
        if (item instanceof YNode.YScalar s && s.value() instanceof String word) {
            if (kinds.contains(word)) return new Kind(word, null);
            problem(item.at(), "unknown " + what + " '" + word + "'" + Suggestions.hint(word, kinds));
            return null;
        }
        if (item instanceof YNode.YMap m && m.entries().size() == 1) {
            String word = m.entries().keySet().iterator().next();
            YNode.Entry e = m.entries().get(word);
            if (kinds.contains(word)) {
                record(path + "." + word, e.value());
                return new Kind(word, e.value());
            }
            problem(e.keyAt(), "unknown " + what + " '" + word + "'" + Suggestions.hint(word, kinds));
            return null;
        }
        if (item instanceof YNode.YMap m && m.entries().size() > 1) {
            problem(item.at(), "each list item names one " + what + "; this one has "
                    + String.join(", ", m.entries().keySet()) + " (is a setting indented too little?)");
            return null;
        }
        problem(item.at(), "expected a " + what + " (valid: " + String.join(", ", kinds) + "), got " + shown(item));
        return null;
    }

    // ---- looking without reporting -------------------------------------------------------------------------------

    public static boolean isNumber(YNode node) {
        return node instanceof YNode.YScalar s && s.value() instanceof Number;
    }

    public static boolean isNull(YNode node) {
        return node instanceof YNode.YScalar s && s.value() == null;
    }

    /** The integer {@code node} holds, or null when it holds something else. */
    public static Long integer(YNode node) {
        return node instanceof YNode.YScalar s && s.value() instanceof Long l ? l : null;
    }

    /** The plain word or text {@code node} holds, or null when it holds something else. */
    public static String word(YNode node) {
        return node instanceof YNode.YScalar s && s.value() instanceof String w ? w : null;
    }

    /** The value as the user wrote it, for "got ..." in messages. */
    public static String shown(YNode node) {
        if (node instanceof YNode.YScalar s) return s.value() == null ? "nothing" : s.shown();
        // A short list of plain values reads best as written: "got [0.9]" says more than "got a list".
        if (node instanceof YNode.YSeq seq && seq.items().size() <= 5
                && seq.items().stream().allMatch(i -> i instanceof YNode.YScalar)) {
            return "[" + String.join(", ", seq.items().stream().map(NodeReader::shown).toList()) + "]";
        }
        return node.describe();
    }

    /** Quotes make YAML read 1234 as text; say so, since the value looks right to the person who wrote it. */
    private static String quotedNumber(YNode node) {
        return node instanceof YNode.YScalar s && s.quoted() && YamlTreeLoader.number(s.text()) instanceof Number n
                && Double.isFinite(n.doubleValue()) ? " (quoted, so it is text: remove the quotes)" : "";
    }

    private static String countWord(int count) {
        return switch (count) {
            case 1 -> "one";
            case 2 -> "two";
            case 3 -> "three";
            case 4 -> "four";
            default -> Integer.toString(count);
        };
    }

    /** "conv2d" for "model.layers[3].conv2d": the word the user wrote around the missing key. */
    private static String lastName(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    public static String join(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }
}
