package dev.runner.train;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Counts correct training predictions from the forward pass that {@code fit} makes anyway, so the training accuracy
 * costs one small matrix product per batch instead of a second pass over the data. DL4J hands listeners the input of
 * the output layer; the class scores are that input times the output layer's weights (or the input itself before a
 * loss layer), and softmax does not change which score is largest.
 */
final class BatchAccuracyListener extends BaseTrainingListener {
    private long correct;
    private long seen;

    @Override
    public void onForwardPass(Model model, List<INDArray> activations) {
        MultiLayerNetwork network = (MultiLayerNetwork) model;
        INDArray x = activations.get(activations.size() - 1);
        if (x.rank() > 2) {
            x = x.reshape('c', x.size(0), x.length() / x.size(0));
        }
        Layer output = network.getOutputLayer();
        INDArray scores = x;
        if (!(output instanceof LossLayer)) {
            scores = x.mmul(output.getParam("W"));
            INDArray bias = output.getParam("b"); // absent for a final dense layer with bias: false
            if (bias != null) scores.addiRowVector(bias);
        }
        INDArray predicted = Nd4j.argMax(scores, 1);
        INDArray actual = Nd4j.argMax(network.getLabels(), 1);
        correct += predicted.eq(actual).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue();
        seen += x.size(0);
    }

    @Override
    public void onForwardPass(Model model, Map<String, INDArray> activations) {
        throw new UnsupportedOperationException("only MultiLayerNetwork is trained here");
    }

    void reset() {
        correct = 0;
        seen = 0;
    }

    double accuracy() {
        return seen == 0 ? Double.NaN : (double) correct / seen;
    }
}
