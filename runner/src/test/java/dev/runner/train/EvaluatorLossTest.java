package dev.runner.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The evaluation loss is the training criterion, label smoothing included, as a PyTorch test loop reporting
 * {@code criterion(output, target)}: the values are PyTorch 1.13.1's {@code CrossEntropyLoss(label_smoothing=ε)}
 * on logits [[2, −1, 0.5], [0.1, 0.2, 3]] with targets [0, 1] (mean over the batch), pasted; the evaluator sees
 * the network's softmax output.
 */
class EvaluatorLossTest {

    private static INDArray softmax(double[][] logits) {
        double[][] p = new double[logits.length][];
        for (int i = 0; i < logits.length; i++) {
            double sum = 0;
            for (double z : logits[i]) sum += Math.exp(z);
            p[i] = new double[logits[i].length];
            for (int k = 0; k < p[i].length; k++) p[i][k] = Math.exp(logits[i][k]) / sum;
        }
        return Nd4j.createFromArray(p);
    }

    @Test
    void meanLossAsPyTorch() {
        INDArray probabilities = softmax(new double[][]{{2, -1, 0.5}, {0.1, 0.2, 3}});
        INDArray labels = Nd4j.createFromArray(new double[][]{{1, 0, 0}, {0, 1, 0}});
        assertEquals(1.5754563805893111, Evaluator.lossSum(probabilities, labels, 0, 3) / 2, 1e-12);
        assertEquals(1.6054563805893112, Evaluator.lossSum(probabilities, labels, 0.1, 3) / 2, 1e-12);
        assertEquals(1.650456380589311, Evaluator.lossSum(probabilities, labels, 0.25, 3) / 2, 1e-12);
    }
}
