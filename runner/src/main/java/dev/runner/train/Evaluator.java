package dev.runner.train;

import dev.runner.data.BatchSource;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.evaluation.meta.Prediction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Loss and accuracy of a network on one set, in one inference pass, with DL4J's {@link Evaluation}. Each example's
 * index in the set is passed to the evaluation as record metadata, so the misclassified examples can be found
 * afterwards ({@link Result#errors()}) without a second pass.
 *
 * <p>The loss is the training criterion, as the tutorials' test loops report {@code criterion(output, target)}: with
 * label smoothing ε it is {@code (1−ε)·(−log p_y) + ε·mean_k(−log p_k)}, so train and evaluation losses stay
 * comparable and match PyTorch's numbers for the same criterion.
 */
public final class Evaluator {
    private final double labelSmoothing;

    public Evaluator() {
        this(0);
    }

    public Evaluator(double labelSmoothing) {
        this.labelSmoothing = labelSmoothing;
    }

    public record Result(double loss, double accuracy, Evaluation evaluation) {

        /** The misclassified examples in the set's order; {@code getRecordMetaData()} is the example's index. */
        public List<Prediction> errors() {
            List<Prediction> errors = new ArrayList<>(evaluation.getPredictionErrors() == null ? List.of()
                    : evaluation.getPredictionErrors());
            errors.sort(Comparator.comparingInt(Evaluator::index));
            return errors;
        }
    }

    /** The index in the evaluated set of the example behind {@code prediction}. */
    public static int index(Prediction prediction) {
        return (Integer) prediction.getRecordMetaData();
    }

    public Result evaluate(MultiLayerNetwork network, BatchSource source, int batchSize, int numClasses) {
        Evaluation evaluation = new Evaluation(numClasses);
        double lossSum = 0;
        int n = 0;
        Iterator<DataSet> batches = source.inOrder(batchSize);
        while (batches.hasNext()) {
            DataSet batch = batches.next();
            INDArray probabilities = network.output(batch.getFeatures(), false);
            List<Serializable> indexes = new ArrayList<>(batch.numExamples());
            for (int i = 0; i < batch.numExamples(); i++) indexes.add(n + i);
            evaluation.eval(batch.getLabels(), probabilities, null, indexes);
            lossSum += lossSum(probabilities, batch.getLabels(), labelSmoothing, numClasses);
            n += batch.numExamples();
        }
        return new Result(lossSum / n, evaluation.accuracy(), evaluation);
    }

    /** The summed loss of a batch of output distributions against one-hot labels. */
    static double lossSum(INDArray probabilities, INDArray labels, double labelSmoothing, int numClasses) {
        if (labelSmoothing == 0) {
            // Cross-entropy of the network's output distribution: −log p(true class), as PyTorch's loss reports it.
            INDArray trueClass = probabilities.mul(labels).sum(1);
            return -Transforms.log(Transforms.max(trueClass, 1e-30, false), false).sumNumber().doubleValue();
        }
        // Against the smoothed targets (1−ε)·y + ε/K: (1−ε)·(−log p_y) + ε·mean_k(−log p_k).
        INDArray target = labels.mul(1 - labelSmoothing).addi(labelSmoothing / numClasses);
        INDArray logP = Transforms.log(Transforms.max(probabilities, 1e-30, true), false);
        return -logP.muli(target).sumNumber().doubleValue();
    }
}
