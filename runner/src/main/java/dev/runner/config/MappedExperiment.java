package dev.runner.config;

import dev.runner.config.tree.Problem;
import dev.runner.config.tree.SourceMap;
import java.util.List;
import java.util.Map;

/**
 * What mapping a tree gave: the spec when every required part mapped (null otherwise), and the parts that did map
 * (null where one did not), so that the rules on them still run and every problem in a file is reported at once.
 *
 * @param name the experiment's name as written, even when other parts of the file are wrong; null when unusable
 * @param model the model, when it and all its layers mapped
 * @param loss the loss (written or default); null when what was written is not a loss
 * @param beanPaths the YAML path each mapped record came from, for tying constraint violations back to the file
 */
record MappedExperiment(ExperimentSpec spec, String name, DatasetSpec dataset, ModelSpec model, LossSpec loss,
                        EvaluationMapper.Sets evaluation, CheckpointSpec checkpoint, EarlyStoppingSpec earlyStopping,
                        List<Problem> problems, SourceMap sources, Map<Object, String> beanPaths) {

    MappedExperiment {
        problems = List.copyOf(problems);
    }

    /** A tree that is not even a map of settings. */
    static MappedExperiment nothing(List<Problem> problems, SourceMap sources) {
        return new MappedExperiment(null, null, null, null, null, new EvaluationMapper.Sets(List.of(), false),
                null, null, problems, sources, Map.of());
    }
}
