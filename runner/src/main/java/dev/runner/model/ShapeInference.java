package dev.runner.model;

import dev.runner.config.EvaluationSetSpec;
import dev.runner.config.ExperimentSpec;
import dev.runner.config.InvalidExperimentException;
import dev.runner.config.LayerSpec;
import dev.runner.config.LoadedExperiment;
import dev.runner.config.TransformSpec;
import dev.runner.config.tree.Position;
import dev.runner.data.DatasetInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows the example shape through the layers, from the dataset's image to the last layer, before anything is
 * built: a layer that cannot take what arrives is reported at its line, with the shape that arrives and why.
 */
public final class ShapeInference {

    public ModelSummary infer(LoadedExperiment experiment) throws InvalidExperimentException {
        ExperimentSpec spec = experiment.spec();
        DatasetInfo dataset = DatasetInfo.of(spec.dataset().name());
        checkCrops(experiment, spec.transforms().train(), "transforms.train", dataset);
        checkCrops(experiment, spec.transforms().eval(), "transforms.eval", dataset);
        for (EvaluationSetSpec set : spec.evaluation()) {
            checkCrops(experiment, set.transforms(), "evaluation." + set.name() + ".transforms", dataset);
        }
        LayerShape shape = LayerShape.map(dataset.channels(), dataset.height(), dataset.width());
        LayerShape input = shape;
        List<ModelSummary.Row> rows = new ArrayList<>();
        List<LayerSpec> layers = spec.model().layers();
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec layer = layers.get(i);
            String path = "model.layers[" + i + "]";
            long params = 0;
            if (layer instanceof LayerSpec.Conv2d c) {
                requireMap(experiment, path, c.kind(), shape);
                if (c.padding().same() && c.stride() != 1) {
                    throw experiment.problemAt(path + ".conv2d.padding", "padding same needs stride 1 (as in "
                            + "PyTorch); give the padding as a number");
                }
                int pad = c.padding().same() ? (c.kernel() - 1) / 2 : c.padding().amount();
                if (c.padding().same() && c.kernel() % 2 == 0) {
                    throw experiment.problemAt(path + ".conv2d.padding", "padding same needs an odd kernel, got "
                            + "kernel " + c.kernel());
                }
                int h = outSize(shape.height(), c.kernel(), c.stride(), pad);
                int w = outSize(shape.width(), c.kernel(), c.stride(), pad);
                if (h < 1 || w < 1) {
                    throw experiment.problemAt(path + ".conv2d.kernel", "conv2d kernel " + c.kernel()
                            + " is larger than its " + shape.height() + "×" + shape.width() + " input"
                            + (pad > 0 ? " padded by " + pad : "") + " (the map arriving here is " + shape + ")");
                }
                params = (long) c.filters() * shape.channels() * c.kernel() * c.kernel() + (c.bias() ? c.filters() : 0);
                shape = LayerShape.map(c.filters(), h, w);
            } else if (layer instanceof LayerSpec.Pool p) {
                requireMap(experiment, path, p.kind(), shape);
                int h = outSize(shape.height(), p.kernel(), p.stride(), 0);
                int w = outSize(shape.width(), p.kernel(), p.stride(), 0);
                if (h < 1 || w < 1) {
                    throw experiment.problemAt(path + "." + p.kind() + ".kernel", p.kind() + " kernel " + p.kernel()
                            + " does not fit the " + shape + " map arriving here: it would shrink it to nothing");
                }
                shape = LayerShape.map(shape.channels(), h, w);
            } else if (layer instanceof LayerSpec.Dense d) {
                if (shape.map()) {
                    throw experiment.problemAt(path, "dense gets a " + shape + " map; add '- flatten' before it to "
                            + "make it " + shape.size() + " values");
                }
                params = (long) shape.size() * d.units() + (d.bias() ? d.units() : 0);
                shape = LayerShape.flat(d.units());
            } else if (layer instanceof LayerSpec.Flatten) {
                shape = LayerShape.flat(shape.size());
            } else if (layer instanceof LayerSpec.BatchNorm) {
                params = 2L * shape.channels();
            } else if (layer instanceof LayerSpec.ActivationLayer a) {
                if (shape.map() && (a.activation() == LayerSpec.Activation.SOFTMAX
                        || a.activation() == LayerSpec.Activation.LOG_SOFTMAX)) {
                    throw experiment.problemAt(path, a.kind() + " gets a " + shape + " map; it works on flat "
                            + "values, so add '- flatten' before it");
                }
            }
            Position at = experiment.sources().at(path);
            rows.add(new ModelSummary.Row(i, at.line(), layer.kind(), shape, params));
        }
        int lastIndex = layers.size() - 1;
        if (shape.map()) {
            throw experiment.problemAt("model.layers[" + lastIndex + "]", "the model ends with a " + shape
                    + " map; end it with '- flatten' and a dense layer of " + dataset.numClasses() + " units");
        }
        if (shape.size() != dataset.numClasses()) {
            throw experiment.problemAt(lastWidthPath(layers), "the model outputs " + shape.size() + " values, but "
                    + dataset.name().yamlName() + " has " + dataset.numClasses() + " classes: the last dense layer "
                    + "needs " + dataset.numClasses() + " units");
        }
        return new ModelSummary(input, rows);
    }

    /**
     * A random_crop window must fit in the padded image, and be the image size: transforms keep the image's shape,
     * which is the model's input.
     */
    private static void checkCrops(LoadedExperiment e, List<TransformSpec> transforms, String path,
                                   DatasetInfo dataset) throws InvalidExperimentException {
        for (int i = 0; i < transforms.size(); i++) {
            if (!(transforms.get(i) instanceof TransformSpec.RandomCrop c)) continue;
            String at = path + "[" + i + "].random_crop.size";
            int paddedH = dataset.height() + 2 * c.padding();
            int paddedW = dataset.width() + 2 * c.padding();
            if (c.size() > paddedH || c.size() > paddedW) {
                throw e.problemAt(at, "random_crop size " + c.size() + " is larger than the padded image ("
                        + dataset.height() + "×" + dataset.width() + " padded by " + c.padding() + " is " + paddedH
                        + "×" + paddedW + "); use size " + dataset.height() + " with padding "
                        + Math.max(c.padding(), 1) + " or more");
            }
            if (c.size() != dataset.height() || c.size() != dataset.width()) {
                throw e.problemAt(at, "random_crop size must be the image size, " + dataset.height() + ", got "
                        + c.size() + ": the crop keeps the model's " + dataset.height() + "×" + dataset.width()
                        + " input; pad with padding: n and crop back to " + dataset.height());
            }
        }
    }

    private static String lastWidthPath(List<LayerSpec> layers) {
        for (int i = layers.size() - 1; i >= 0; i--) {
            if (layers.get(i) instanceof LayerSpec.Dense) return "model.layers[" + i + "].dense.units";
        }
        return "model.layers[" + (layers.size() - 1) + "]";
    }

    private static void requireMap(LoadedExperiment e, String path, String kind, LayerShape shape)
            throws InvalidExperimentException {
        if (!shape.map()) {
            throw e.problemAt(path, kind + " needs an image-shaped input (channels×height×width) but gets "
                    + shape.size() + " flat values");
        }
    }

    /** PyTorch's (and DL4J's Truncate mode's) output size: floor((n + 2p − k) / s) + 1. */
    static int outSize(int n, int kernel, int stride, int pad) {
        int span = n + 2 * pad - kernel;
        return span < 0 ? 0 : span / stride + 1;
    }
}
