package dev.runner.config;

import dev.runner.config.tree.NodeReader;
import dev.runner.config.tree.Suggestions;
import dev.runner.config.tree.YNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An init scheme, as {@code model.init} or a layer's {@code init}: a word, {@code {normal: {std: s}}} or {@code {uniform: {bound: b}}}. */
final class InitMapper {
    static final List<String> FORMS = List.of("pytorch", "xavier", "he", "normal", "uniform");
    /** The one setting of each init that takes a map: {@code {normal: {std: s}}}, {@code {uniform: {bound: b}}}. */
    static final Map<String, List<String>> KEYS = Map.of(
            "normal", List.of("std"),
            "uniform", List.of("bound"));
    /** Names other libraries use for our init schemes; only ever suggested, never accepted silently. */
    private static final Map<String, String> ALIASES = Map.of(
            "kaiming", "he", "kaiming_normal", "he", "he_normal", "he",
            "glorot", "xavier", "glorot_uniform", "xavier", "xavier_uniform", "xavier",
            "default", "pytorch", "torch", "pytorch");

    private final NodeReader r;
    private final BeanPaths beans;

    InitMapper(NodeReader r, BeanPaths beans) {
        this.r = r;
        this.beans = beans;
    }

    /** The init written at {@code path}; null when it is not one (reported). */
    InitSpec map(YNode node, String path) {
        r.record(path, node);
        if (node instanceof YNode.YScalar s && s.value() instanceof String word) {
            for (InitSpec.Scheme scheme : InitSpec.Scheme.values()) {
                if (scheme.yamlName().equals(word)) return new InitSpec.Preset(scheme);
            }
            List<String> forms = List.of("pytorch", "xavier", "he", "{normal: {std: s}}", "{uniform: {bound: b}}");
            String alias = ALIASES.get(word.toLowerCase(Locale.ROOT));
            r.problem(node.at(), "unknown init '" + word + "'" + (alias == null
                    ? Suggestions.hint(word, forms)
                    : "; did you mean '" + alias + "'? (valid: " + String.join(", ", forms) + ")"));
            return null;
        }
        if (node instanceof YNode.YMap m && m.entries().size() == 1) {
            String form = m.entries().keySet().iterator().next();
            YNode.Entry entry = m.entries().get(form);
            String p = path + "." + form;
            if (KEYS.containsKey(form)) {
                String key = KEYS.get(form).get(0);
                YNode.YMap args = r.argsMap(entry.value(), form, "{" + key + ": x}");
                if (args == null) return null;
                r.checkKeys(args, form, KEYS.get(form));
                Double x = r.numberRequired(args, key, p);
                if (x == null) return null;
                return form.equals("normal") ? beans.put(new InitSpec.Normal(x), p)
                        : beans.put(new InitSpec.Uniform(x), p);
            }
            r.problem(entry.keyAt(), "unknown init '" + form + "'" + Suggestions.hint(form, FORMS));
            return null;
        }
        r.problem(node.at(), "init must be pytorch, xavier, he, {normal: {std: s}} or "
                + "{uniform: {bound: b}}, got " + node.describe());
        return null;
    }
}
