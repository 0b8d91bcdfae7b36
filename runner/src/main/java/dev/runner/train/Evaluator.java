package dev.runner.train;

import dev.runner.data.BatchSource;
import java.util.Iterator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Loss and accuracy of a network on one set, in one inference pass, with DL4J's {@link Evaluation}. */
public final class Evaluator {

    public record Result(double loss, double accuracy, Evaluation evaluation) {
    }

    public Result evaluate(MultiLayerNetwork network, BatchSource source, int batchSize, int numClasses) {
        Evaluation evaluation = new Evaluation(numClasses);
        double lossSum = 0;
        long n = 0;
        Iterator<DataSet> batches = source.inOrder(batchSize);
        while (batches.hasNext()) {
            DataSet batch = batches.next();
            INDArray probabilities = network.output(batch.getFeatures(), false);
            evaluation.eval(batch.getLabels(), probabilities);
            // Cross-entropy of the network's output distribution: −log p(true class), as PyTorch's loss reports it.
            INDArray trueClass = probabilities.mul(batch.getLabels()).sum(1);
            lossSum -= Transforms.log(Transforms.max(trueClass, 1e-30, false), false).sumNumber().doubleValue();
            n += batch.numExamples();
        }
        return new Result(lossSum / n, evaluation.accuracy(), evaluation);
    }
}
