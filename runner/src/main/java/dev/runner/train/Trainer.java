package dev.runner.train;

import dev.runner.config.ExperimentSpec;
import java.util.Iterator;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The training loop: one thread (ND4J's random state is per thread, and dropout draws from it), epochs of shuffled
 * mini-batches, evaluation after each epoch, metrics handed to observers.
 */
public final class Trainer {
    private final Evaluator evaluator = new Evaluator();

    public record Outcome(List<EpochMetrics> epochs, Evaluator.Result finalTest) {
        public EpochMetrics last() {
            return epochs.get(epochs.size() - 1);
        }
    }

    public Outcome train(MultiLayerNetwork network, RunData data, ExperimentSpec spec, Seeds seeds,
                         List<TrainingObserver> observers) {
        BatchAccuracyListener accuracy = new BatchAccuracyListener();
        network.setListeners(accuracy);
        int epochs = spec.training().epochs();
        int batchSize = spec.training().batchSize();
        int evalBatch = spec.training().evalBatchSize();
        int classes = data.info().numClasses();
        List<EpochMetrics> history = new java.util.ArrayList<>();
        Evaluator.Result test = null;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            int batches = data.train().batches(batchSize);
            for (TrainingObserver o : observers) o.onEpochStart(epoch, epochs, batches);
            accuracy.reset();
            Iterator<DataSet> it = data.train().epoch(batchSize, seeds.random("shuffle", epoch),
                    data.perBatchTransforms(), seeds.random("augment", epoch));
            double lossSum = 0;
            long seen = 0;
            int batch = 0;
            long start = System.nanoTime();
            while (it.hasNext()) {
                DataSet ds = it.next();
                // DL4J's score includes the L2 penalty through which weight decay enters; PyTorch reports the
                // criterion alone. Take the penalty out, measured on the parameters this step's forward pass uses.
                double penalty = network.calcRegularizationScore(true);
                network.fit(ds);
                double loss = network.score() - penalty;
                lossSum += loss * ds.numExamples();
                seen += ds.numExamples();
                batch++;
                for (TrainingObserver o : observers) o.onBatch(epoch, batch, loss);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            network.incrementEpochCount();
            long evalStart = System.nanoTime();
            Evaluator.Result val = data.validation() == null ? null
                    : evaluator.evaluate(network, data.validation(), evalBatch, classes);
            test = evaluator.evaluate(network, data.test(), evalBatch, classes);
            double evalSeconds = (System.nanoTime() - evalStart) / 1e9;
            long evaluated = data.test().count() + (data.validation() == null ? 0 : data.validation().count());
            EpochMetrics m = new EpochMetrics(epoch, lossSum / seen, accuracy.accuracy(),
                    val == null ? Double.NaN : val.loss(), val == null ? Double.NaN : val.accuracy(),
                    test.loss(), test.accuracy(), spec.optimizer().lr(), seconds, seen / seconds,
                    evaluated / evalSeconds);
            history.add(m);
            for (TrainingObserver o : observers) o.onEpochEnd(m);
        }
        network.setListeners();
        return new Outcome(List.copyOf(history), test);
    }
}
