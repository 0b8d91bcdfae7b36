package dev.runner.config;

import java.util.ArrayList;
import java.util.List;

/** Rules that involve more than one field and need no shapes. Shape rules live with shape inference. */
final class CrossFieldRules {
    private CrossFieldRules() {
    }

    static List<Problem> check(ExperimentSpec spec, SourceMap sources) {
        List<Problem> problems = new ArrayList<>();
        List<LayerSpec> layers = spec.model().layers();
        int last = layers.size() - 1;
        if (spec.loss() == LossKind.NLL && !outputsLogSoftmax(layers.get(last))) {
            problems.add(new Problem(sources.at("loss"), "loss nll expects log-probabilities: end the model with "
                    + "'- log_softmax' (or use loss: cross_entropy on the logits)"));
        }
        for (int i = 0; i < last; i++) {
            if (outputsLogSoftmax(layers.get(i))) {
                problems.add(new Problem(sources.at("model.layers[" + i + "]"),
                        "log_softmax can only be the last layer (it feeds the nll loss)"));
            }
        }
        return problems;
    }

    private static boolean outputsLogSoftmax(LayerSpec layer) {
        return (layer instanceof LayerSpec.ActivationLayer a && a.activation() == LayerSpec.Activation.LOG_SOFTMAX)
                || (layer instanceof LayerSpec.Dense d && d.activation() == LayerSpec.Activation.LOG_SOFTMAX);
    }
}
