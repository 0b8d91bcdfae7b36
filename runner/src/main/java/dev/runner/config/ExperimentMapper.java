package dev.runner.config;

import dev.runner.config.tree.NodeReader;
import dev.runner.config.tree.Position;
import dev.runner.config.tree.Suggestions;
import dev.runner.config.tree.YNode;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Maps a YAML tree onto {@link ExperimentSpec}, filling defaults from {@link Defaults}: the top-level keys here, each
 * section by its own mapper, which owns that section's key list. Mapping checks what only the tree can tell (unknown
 * keys, wrong types, unknown names) and collects every problem rather than stopping at the first; rules on one field
 * are constraints on the records ({@link ExperimentValidator}), rules across fields are {@link CrossFieldRules}.
 */
final class ExperimentMapper {
    static final List<String> TOP_KEYS = List.of("name", "description", "seed", "dataset", "transforms", "model",
            "loss", "optimizer", "schedule", "training", "evaluation", "checkpoint", "early_stopping", "reference",
            "reproducibility");
    private static final List<String> ALL_TOP_KEYS =
            Stream.concat(TOP_KEYS.stream(), ExperimentLoader.SWEEP_KEYS.stream()).toList();

    private final NodeReader r = new NodeReader();
    private final BeanPaths beans = new BeanPaths();

    /** Maps {@code root}; {@code whole} stands for the file where no value does. A mapper maps one tree. */
    MappedExperiment map(YNode root, Position whole) {
        YNode.YMap top = r.asMap(root, "the experiment");
        if (top == null) return MappedExperiment.nothing(r.problems(), r.sources(whole));
        checkTopKeys(top);
        String name = r.text(top, "name", "", null, true);
        String description = r.text(top, "description", "", Defaults.DESCRIPTION, false);
        Long seed = r.longValue(top, "seed", "", null, true);
        DatasetSpec dataset = new DatasetMapper(r, beans).map(top);
        TransformsMapper transformsMapper = new TransformsMapper(r, beans);
        TransformsSpec transforms = transformsMapper.map(top);
        ModelSpec model = new ModelMapper(r, beans).map(top);
        LossSpec loss = new LossMapper(r, beans).map(top);
        OptimizerSpec optimizer = new OptimizerMapper(r, beans).map(top);
        LearningRateSpec schedule = new ScheduleMapper(r, beans).map(top);
        TrainingSpec training = new TrainingMapper(r, beans).map(top);
        EvaluationMapper.Sets evaluation = new EvaluationMapper(r, beans, transformsMapper).map(top, transforms.eval());
        CheckpointSpec checkpoint = new CheckpointMapper(r, beans).map(top);
        EarlyStoppingSpec earlyStopping = new EarlyStoppingMapper(r, beans).map(top);
        ReferenceSpec reference = new ReferenceMapper(r).map(top);
        Reproducibility reproducibility = r.choice(top, "reproducibility", "", Reproducibility.values(),
                Named::yamlName, Defaults.REPRODUCIBILITY, "reproducibility");
        ExperimentSpec spec = null;
        if (name != null && seed != null && dataset != null && model != null && optimizer != null
                && training != null && loss != null && schedule != null && evaluation.complete()
                && reproducibility != null) {
            spec = beans.put(new ExperimentSpec(name, description, seed, dataset, transforms, model, loss, optimizer,
                    schedule, training, evaluation.orNull(), checkpoint, earlyStopping, reference,
                    reproducibility), "");
        }
        return new MappedExperiment(spec, name, dataset, model, loss, evaluation, checkpoint, earlyStopping,
                r.problems(), r.sources(whole), beans.asMap());
    }

    private void checkTopKeys(YNode.YMap top) {
        for (Map.Entry<String, YNode.Entry> e : top.entries().entrySet()) {
            if (ALL_TOP_KEYS.contains(e.getKey())) continue;
            // A misspelt sweep key is suggested as such; the valid list stays the experiment's own keys.
            String sweepKey = Suggestions.closest(e.getKey(), ALL_TOP_KEYS)
                    .filter(ExperimentLoader.SWEEP_KEYS::contains).orElse(null);
            r.problem(e.getValue().keyAt(), "unknown key '" + e.getKey() + "' in the experiment"
                    + (sweepKey == null ? Suggestions.hint(e.getKey(), TOP_KEYS)
                    : "; did you mean '" + sweepKey + "'? (a key of sweep files)"));
            r.suggestedFor(top, e.getKey(), TOP_KEYS);
        }
        for (String key : ExperimentLoader.SWEEP_KEYS) {
            YNode.Entry e = top.entries().get(key);
            if (e == null) continue;
            r.problem(e.keyAt(), key.equals("extends")
                    ? "'extends' names a file relative to this one, so the experiment must be read from a file"
                    : "'" + key + "' belongs to a sweep file (run it with bin/runner FILE.yaml); here one "
                    + "experiment is expected");
        }
    }
}
