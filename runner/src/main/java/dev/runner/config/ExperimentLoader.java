package dev.runner.config;

import java.nio.file.Path;
import java.util.ArrayList;
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
        // Field and cross-field rules run on whatever mapped, so one typo does not hide the other mistakes.
        problems.addAll(validator.validate(mapper.beanPaths(), sources, mapper.mappedName()));
        List<Problem> warnings = new ArrayList<>();
        if (mapper.mappedModel() != null && mapper.mappedLoss() != null) {
            problems.addAll(CrossFieldRules.check(mapper.mappedModel(), mapper.mappedLoss(), sources));
            warnings.addAll(CrossFieldRules.warnings(mapper.mappedModel(), mapper.mappedLoss(), sources));
        }
        warnings.sort(InvalidExperimentException.BY_POSITION);
        if (!problems.isEmpty() || spec == null) {
            // File order, then the overrides in the order given; stable, so problems at one position keep the
            // order they were found in.
            List<String> given = overrides.stream().map(o -> Position.override(o).source()).toList();
            problems.sort(InvalidExperimentException.BY_POSITION
                    .thenComparingInt(p -> p.at().inFile() ? 0 : given.indexOf(p.at().source())));
            throw new InvalidExperimentException(problems, loaded.text()).withWarnings(warnings);
        }
        return new LoadedExperiment(spec, sources, loaded.text(), warnings);
    }

    @Override
    public void close() {
        validator.close();
    }
}
