package dev.runner.config;

import dev.runner.config.tree.Extends;
import dev.runner.config.tree.OverrideApplier;
import dev.runner.config.tree.Position;
import dev.runner.config.tree.Problem;
import dev.runner.config.tree.SourceMap;
import dev.runner.config.tree.SetOverride;
import dev.runner.config.tree.TreeException;
import dev.runner.config.tree.YNode;
import dev.runner.config.tree.YamlTreeLoader;
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

    /**
     * The top-level keys of a sweep file beside an experiment's: {@code extends}, {@code sweep}, {@code rank_by},
     * {@code executor}. A sweep takes them off before its points are mapped as experiments; in an experiment they are
     * a mistake.
     */
    public static final List<String> SWEEP_KEYS = List.of("extends", "sweep", "rank_by", "executor");

    /** A {@code --set}-style assignment that comes from a file (a sweep point), so problems point at its line. */
    public record PlacedOverride(String assignment, Position at) {
    }

    public LoadedExperiment load(Path file, List<String> overrides) throws InvalidExperimentException {
        return resolve(loadTree(file), List.of(), overrides);
    }

    /** The file's YAML tree with {@code extends} resolved (the base merged under this file), not yet mapped. */
    public YamlTreeLoader.Loaded loadTree(Path file) throws InvalidExperimentException {
        try {
            return Extends.resolve(yaml, file);
        } catch (TreeException e) {
            throw new InvalidExperimentException(e);
        }
    }

    /**
     * A tree (left untouched: it is copied) resolved into an experiment: {@code placed} applied first, then
     * {@code overrides}, so {@code --set} wins over a sweep point, which wins over the file.
     */
    public LoadedExperiment resolve(YamlTreeLoader.Loaded loaded, List<PlacedOverride> placed, List<String> overrides)
            throws InvalidExperimentException {
        YamlTreeLoader.Loaded copy = new YamlTreeLoader.Loaded(YNode.copy(loaded.root()), loaded.text());
        List<Problem> problems = new ArrayList<>();
        OverrideApplier applier = new OverrideApplier();
        for (PlacedOverride p : placed) {
            try {
                applier.apply(copy.root(), SetOverride.parse(p.assignment()), p.at(), problems);
            } catch (TreeException e) {
                e.problems().forEach(q -> problems.add(new Problem(p.at(), q.message())));
            }
        }
        if (!problems.isEmpty()) throw new InvalidExperimentException(problems, loaded.text());
        return resolve(copy, overrides);
    }

    /** Loads YAML text; {@code name} is what positions call the source. */
    public LoadedExperiment parse(String name, String text, List<String> overrides) throws InvalidExperimentException {
        try {
            return resolve(yaml.parse(name, text), overrides);
        } catch (TreeException e) {
            throw new InvalidExperimentException(e);
        }
    }

    private LoadedExperiment resolve(YamlTreeLoader.Loaded loaded, List<String> overrides)
            throws InvalidExperimentException {
        List<Problem> problems = new ArrayList<>();
        OverrideApplier applier = new OverrideApplier();
        for (String assignment : overrides) {
            try {
                applier.apply(loaded.root(), SetOverride.parse(assignment), problems);
            } catch (TreeException e) {
                problems.addAll(e.problems());
            }
        }
        MappedExperiment mapped = new ExperimentMapper().map(loaded.root(), new Position(loaded.text().name(), 1, 1));
        problems.addAll(mapped.problems());
        SourceMap sources = mapped.sources();
        // Cross-field and field rules run on whatever mapped, so one typo does not hide the other mistakes.
        problems.addAll(CrossFieldRules.check(mapped));
        problems.addAll(validator.validate(mapped.beanPaths(), sources, mapped.name()));
        List<Problem> warnings = new ArrayList<>(CrossFieldRules.warnings(mapped));
        warnings.sort(InvalidExperimentException.BY_POSITION);
        ExperimentSpec spec = mapped.spec();
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
