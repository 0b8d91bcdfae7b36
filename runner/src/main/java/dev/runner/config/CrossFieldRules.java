package dev.runner.config;

import dev.runner.config.tree.Position;
import dev.runner.config.tree.Problem;
import dev.runner.config.tree.SourceMap;
import dev.runner.config.tree.Suggestions;
import dev.runner.config.tree.YNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Rules that involve more than one field and need no shapes; they run on whatever part of the file mapped, so one
 * typo does not hide the other mistakes. Shape rules live with shape inference.
 */
final class CrossFieldRules {
    private CrossFieldRules() {
    }

    /** Errors: combinations that cannot train, or cannot be trusted, as written. */
    static List<Problem> check(MappedExperiment m) {
        List<Problem> problems = new ArrayList<>();
        SourceMap sources = m.sources();
        if (m.dataset() != null) {
            checkSplit(m.dataset(), sources, problems);
            for (EvaluationSetSpec set : m.evaluation().mapped()) {
                if (set.split() == SplitName.VALIDATION && m.dataset().validationSplit() == 0) {
                    problems.add(new Problem(sources.at("evaluation." + set.name() + ".split"), "evaluation set '"
                            + set.name() + "' uses the validation split, but dataset.validation_split is 0: set it "
                            + "(e.g. 0.1), or use split: test"));
                }
            }
            if (m.evaluation().complete()) {
                if (m.checkpoint() != null) {
                    checkMonitor(m.checkpoint().monitor(), "checkpoint", m, problems);
                }
                if (m.earlyStopping() != null) {
                    checkMonitor(m.earlyStopping().monitor(), "early_stopping", m, problems);
                }
            }
        }
        if (m.model() != null && m.loss() != null) problems.addAll(modelAndLoss(m.model(), m.loss().kind(), sources));
        return problems;
    }

    /**
     * The validation hold-out must leave images on both sides: a run with no training images "completed" with NaN
     * training metrics, and one whose hold-out rounds to no image has no validation to monitor or report. Both are
     * known from the dataset's size before anything is read. (Limits are positive, so they never empty a set.)
     */
    private static void checkSplit(DatasetSpec dataset, SourceMap sources, List<Problem> problems) {
        double split = dataset.validationSplit();
        if (!(split > 0 && split < 1)) return; // 0 holds out nothing; outside [0, 1) is the field's own rule
        int available = dataset.name().trainCount();
        int training = DatasetSpec.trainingPart(available, split);
        Position at = sources.at("dataset.validation_split");
        String shown = sources.node("dataset.validation_split") instanceof YNode.YScalar s ? s.text()
                : Double.toString(split);
        if (training == 0) {
            problems.add(new Problem(at, "validation_split " + shown + " holds out all " + available + " training "
                    + "images of " + dataset.name().yamlName() + ", leaving none to train on; hold out less (at most "
                    + String.format(Locale.ROOT, "%.6g", 1.0 - 1.0 / available) + " leaves one image; 0.1 is usual)"));
        } else if (training == available) {
            problems.add(new Problem(at, "validation_split " + shown + " holds out no image of the " + available
                    + " training images of " + dataset.name().yamlName() + " (less than one); hold out at least "
                    + String.format(Locale.ROOT, "%.3g", 1.0 / available) + " (about one image), or write 0 for no "
                    + "validation set"));
        }
    }

    /**
     * A monitor must name a metric the run measures every epoch, and not the test set's: choosing the model by the
     * test set would make its test figure optimistic.
     */
    private static void checkMonitor(String monitor, String section, MappedExperiment m, List<Problem> problems) {
        YNode node = m.sources().node(section + ".monitor");
        Position at = m.sources().at(section + ".monitor");
        List<EvaluationSetSpec> sets = m.evaluation().mapped();
        List<String> valid = new ArrayList<>(List.of("train_loss", "train_accuracy", "val_loss", "val_accuracy"));
        for (EvaluationSetSpec set : sets) {
            valid.add(set.lossColumn());
            valid.add(set.accuracyColumn());
        }
        String what = section + ".monitor";
        if (monitor.equals("test_loss") || monitor.equals("test_accuracy")) {
            problems.add(new Problem(at, what + " cannot be " + monitor + ": choosing the model by the test set makes "
                    + "its test figure optimistic; monitor val_" + monitor.substring(5) + " (with "
                    + "dataset.validation_split > 0) or an evaluation set on the validation split"));
            return;
        }
        if (!valid.contains(monitor)) {
            problems.add(new Problem(at, "unknown metric '" + monitor + "' for " + what
                    + Suggestions.hint(monitor, valid)));
            return;
        }
        if (monitor.startsWith("val_") && m.dataset().validationSplit() == 0) {
            problems.add(new Problem(at, (node == null ? section + " monitors " + monitor + " by default, which"
                    : what + " " + monitor) + " needs a validation split: set "
                    + "dataset.validation_split (e.g. 0.1), or monitor train_" + monitor.substring(4)));
            return;
        }
        for (EvaluationSetSpec set : sets) {
            if (set.split() == SplitName.TEST
                    && (monitor.equals(set.lossColumn()) || monitor.equals(set.accuracyColumn()))) {
                problems.add(new Problem(at, what + " cannot be " + monitor + ": evaluation set '" + set.name()
                        + "' is drawn from the test split, and choosing the model by the test set makes its test "
                        + "figure optimistic; use split: validation for a set to monitor"));
            }
        }
    }

    private static List<Problem> modelAndLoss(ModelSpec model, LossKind loss, SourceMap sources) {
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
    static List<Problem> warnings(MappedExperiment m) {
        List<Problem> warnings = new ArrayList<>();
        if (m.model() == null || m.loss() == null) return warnings;
        List<LayerSpec> layers = m.model().layers();
        if (layers.isEmpty()) return warnings;
        int last = layers.size() - 1;
        LayerSpec lastLayer = layers.get(last);
        if (m.loss().kind() == LossKind.CROSS_ENTROPY && outputs(lastLayer, LayerSpec.Activation.SOFTMAX)) {
            String path = lastLayer instanceof LayerSpec.Dense
                    ? "model.layers[" + last + "].dense.activation" : "model.layers[" + last + "]";
            warnings.add(new Problem(m.sources().at(path), "softmax is applied twice: loss cross_entropy already "
                    + "applies softmax to the model's output. It trains (PyTorch does the same), but learns more "
                    + "slowly; remove this softmax, or end with log_softmax and use loss: nll"));
        }
        return warnings;
    }

    private static boolean outputs(LayerSpec layer, LayerSpec.Activation activation) {
        return (layer instanceof LayerSpec.ActivationLayer a && a.activation() == activation)
                || (layer instanceof LayerSpec.Dense d && d.activation() == activation);
    }
}
