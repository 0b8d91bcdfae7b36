package dev.runner.config;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.ArrayList;
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

    List<Problem> validate(ExperimentSpec spec, SourceMap sources, Map<Object, String> beanPaths) {
        Set<ConstraintViolation<ExperimentSpec>> violations = validator.validate(spec);
        List<Problem> problems = new ArrayList<>();
        for (ConstraintViolation<ExperimentSpec> v : violations) {
            Object leaf = v.getLeafBean();
            String beanPath = beanPaths.getOrDefault(leaf, "");
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
            default -> ExperimentMapper.snake(field);
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
