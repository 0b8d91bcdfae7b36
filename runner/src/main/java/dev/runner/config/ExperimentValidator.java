package dev.runner.config;

import dev.runner.config.tree.Problem;
import dev.runner.config.tree.SourceMap;
import dev.runner.config.tree.YNode;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks the field rules declared as constraints on the spec records and reports each violation in the user's
 * terms, at the position of the offending value: {@code batch_size must be a positive integer, got -3}.
 */
public final class ExperimentValidator implements AutoCloseable {
    private final ValidatorFactory factory;
    private final Validator validator;

    public ExperimentValidator() {
        factory = Validation.byDefaultProvider().configure().buildValidatorFactory();
        validator = factory.getValidator();
    }

    /**
     * Checks every record the mapper built. When the whole spec mapped that is the spec alone; when some part of the
     * file did not map, the parts that did are checked on their own (a record is checked as a root unless a record
     * enclosing it was built, which checks it by cascade), so that range errors are not held back by a typo
     * elsewhere. {@code partialName} is the name to check when there is no spec to check it on.
     */
    List<Problem> validate(Map<Object, String> beanPaths, SourceMap sources, String partialName) {
        List<Problem> problems = new ArrayList<>();
        for (Map.Entry<Object, String> e : beanPaths.entrySet()) {
            if (isRoot(e.getValue(), beanPaths.values())) {
                problems.addAll(problems(validator.validate(e.getKey()), sources, beanPaths));
            }
        }
        if (partialName != null && !beanPaths.containsValue("")) {
            problems.addAll(problems(validator.validateValue(ExperimentSpec.class, "name", partialName), sources,
                    beanPaths));
        }
        // Violations come out of hash sets; several can share a position (all --set values do), so fix an order.
        problems.sort(Comparator.comparing((Problem p) -> p.at().source()).thenComparingInt(p -> p.at().line())
                .thenComparingInt(p -> p.at().column()).thenComparing(Problem::message));
        return problems;
    }

    private static boolean isRoot(String path, Collection<String> all) {
        for (String other : all) {
            boolean encloses = !other.equals(path) && (other.isEmpty()
                    || path.startsWith(other + ".") || path.startsWith(other + "["));
            if (encloses) return false;
        }
        return true;
    }

    private static <T> List<Problem> problems(Set<ConstraintViolation<T>> violations, SourceMap sources,
                                              Map<Object, String> beanPaths) {
        List<Problem> problems = new ArrayList<>();
        for (ConstraintViolation<T> v : violations) {
            Object leaf = v.getLeafBean();
            String beanPath = leaf == null ? "" : beanPaths.getOrDefault(leaf, "");
            String field = lastName(v.getPropertyPath());
            String key;
            String path;
            if (leaf instanceof LayerSpec.Padding) {
                key = "padding";
                path = beanPath;
            } else {
                key = yamlKey(field);
                path = beanPath.isEmpty() ? key : beanPath + "." + key;
            }
            YNode node = sources.node(path);
            String got = node instanceof YNode.YScalar s ? s.shown() : format(v.getInvalidValue());
            String noun = key.replaceAll("\\[\\d+]$", "");
            problems.add(new Problem(sources.at(path), noun + " " + v.getMessage() + ", got " + got));
        }
        return problems;
    }

    private static String lastName(Path path) {
        String name = "";
        for (Path.Node node : path) {
            if (node.getName() != null) name = node.getName();
        }
        return name;
    }

    private static String yamlKey(String field) {
        return switch (field) {
            case "beta1" -> "betas[0]";
            case "beta2" -> "betas[1]";
            default -> field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        };
    }

    private static String format(Object value) {
        if (value instanceof Double d) return String.format(Locale.ROOT, "%s", d);
        return String.valueOf(value);
    }

    @Override
    public void close() {
        factory.close();
    }
}
