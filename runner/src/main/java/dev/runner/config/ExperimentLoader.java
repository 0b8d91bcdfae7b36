package dev.runner.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * File → YAML tree → overrides applied → spec records → constraint checks. Every problem found at any of these
 * steps is reported together, in file order; the result is a spec that needs no further checking of its fields.
 */
public final class ExperimentLoader implements AutoCloseable {
    private final YamlTreeLoader yaml = new YamlTreeLoader();
    private final ExperimentValidator validator = new ExperimentValidator();

    public LoadedExperiment load(Path file, List<String> overrides) throws InvalidExperimentException {
        return resolve(yaml.load(file), overrides);
    }

    /** Loads YAML text; {@code name} is what positions call the source. */
    public LoadedExperiment parse(String name, String text, List<String> overrides) throws InvalidExperimentException {
        return resolve(yaml.parse(name, text), overrides);
    }

    private LoadedExperiment resolve(YamlTreeLoader.Loaded loaded, List<String> overrides)
            throws InvalidExperimentException {
        List<Problem> problems = new ArrayList<>();
        OverrideApplier applier = new OverrideApplier();
        for (String assignment : overrides) {
            try {
                applier.apply(loaded.root(), SetOverride.parse(assignment), problems);
            } catch (InvalidExperimentException e) {
                problems.addAll(e.problems());
            }
        }
        ExperimentMapper mapper = new ExperimentMapper(new Position(loaded.text().name(), 1, 1));
        ExperimentSpec spec = mapper.map(loaded.root());
        problems.addAll(mapper.problems());
        SourceMap sources = mapper.sourceMap();
        if (spec != null) {
            problems.addAll(validator.validate(spec, sources, mapper.beanPaths()));
            problems.addAll(CrossFieldRules.check(spec, sources));
        }
        if (!problems.isEmpty() || spec == null) {
            problems.sort(Comparator.comparing((Problem p) -> p.at().inFile() ? 0 : 1)
                    .thenComparingInt(p -> p.at().line()).thenComparingInt(p -> p.at().column()));
            throw new InvalidExperimentException(problems, loaded.text());
        }
        return new LoadedExperiment(spec, sources, loaded.text());
    }

    @Override
    public void close() {
        validator.close();
    }
}
