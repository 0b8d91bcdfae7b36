package dev.runner.config;

import java.util.ArrayList;
import java.util.List;

/** Rules that involve more than one field and need no shapes. Shape rules live with shape inference. */
final class CrossFieldRules {
    private CrossFieldRules() {
    }

    /** Errors: combinations that cannot train as written. */
    static List<Problem> check(ModelSpec model, LossKind loss, SourceMap sources) {
        List<Problem> problems = new ArrayList<>();
        List<LayerSpec> layers = model.layers();
        if (layers.isEmpty()) return problems;
        int last = layers.size() - 1;
        if (loss == LossKind.NLL && !outputs(layers.get(last), LayerSpec.Activation.LOG_SOFTMAX)) {
            problems.add(new Problem(sources.at("loss"), "loss nll expects log-probabilities: end the model with "
                    + "'- log_softmax' (or use loss: cross_entropy on the logits)"));
        }
        for (int i = 0; i < last; i++) {
            if (outputs(layers.get(i), LayerSpec.Activation.LOG_SOFTMAX)) {
                problems.add(new Problem(sources.at("model.layers[" + i + "]"),
                        "log_softmax can only be the last layer (it feeds the nll loss)"));
            }
        }
        return problems;
    }

    /**
     * Warnings: combinations that train but probably not as meant. A final softmax under cross_entropy is legal
     * because a lecture notebook does exactly that and its results must be reproducible; it still deserves a word.
     */
    static List<Problem> warnings(ModelSpec model, LossKind loss, SourceMap sources) {
        List<Problem> warnings = new ArrayList<>();
        List<LayerSpec> layers = model.layers();
        if (layers.isEmpty()) return warnings;
        int last = layers.size() - 1;
        LayerSpec lastLayer = layers.get(last);
        if (loss == LossKind.CROSS_ENTROPY && outputs(lastLayer, LayerSpec.Activation.SOFTMAX)) {
            String path = lastLayer instanceof LayerSpec.Dense
                    ? "model.layers[" + last + "].dense.activation" : "model.layers[" + last + "]";
            warnings.add(new Problem(sources.at(path), "softmax is applied twice: loss cross_entropy already applies "
                    + "softmax to the model's output. It trains (PyTorch does the same), but learns more slowly; "
                    + "remove this softmax, or end with log_softmax and use loss: nll"));
        }
        return warnings;
    }

    private static boolean outputs(LayerSpec layer, LayerSpec.Activation activation) {
        return (layer instanceof LayerSpec.ActivationLayer a && a.activation() == activation)
                || (layer instanceof LayerSpec.Dense d && d.activation() == activation);
    }
}
