package dev.runner.train;

import dev.runner.config.CheckpointSpec;
import dev.runner.config.EarlyStoppingSpec;
import dev.runner.config.ExperimentSpec;
import dev.runner.config.MonitorMode;
import dev.runner.model.updater.LearningRates;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.deeplearning4j.earlystopping.termination.ScoreImprovementEpochTerminationCondition;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The training loop: one thread (ND4J's random state is per thread, and dropout draws from it), epochs of shuffled
 * mini-batches, evaluation after each epoch, metrics handed to observers. With {@code checkpoint:} it tells observers
 * of each new best epoch (they keep the model); with {@code early_stopping:} it ends training when the monitor has
 * stopped improving, by DL4J's own patience rule.
 */
public final class Trainer {

    /**
     * @param best           the best epoch by the checkpoint monitor; null without {@code checkpoint:}
     * @param stoppedEarlyAt the epoch after which early stopping ended training; null when all epochs ran
     */
    public record Outcome(List<EpochMetrics> epochs, Evaluator.Result finalTest, EpochMetrics best,
                          Integer stoppedEarlyAt) {
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
        CheckpointSpec checkpoint = spec.checkpoint();
        BestEpochTracker best = checkpoint == null ? null : new BestEpochTracker(checkpoint.monitor(),
                checkpoint.mode());
        EarlyStoppingSpec stopping = spec.earlyStopping();
        ScoreImprovementEpochTerminationCondition patience = null;
        if (stopping != null) {
            patience = new ScoreImprovementEpochTerminationCondition(stopping.patience(), stopping.minDelta());
            patience.initialize();
        }
        LearningRateSchedule schedule = LearningRateSchedule.of(spec);
        Evaluator evaluator = new Evaluator(spec.loss().labelSmoothing());
        List<EpochMetrics> history = new ArrayList<>();
        Evaluator.Result test = null;
        Integer stoppedAt = null;
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
                if (!schedule.isConstant()) LearningRates.set(network, schedule.lr(epoch - 1, batch, batches));
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
            long evaluated = data.test().count() + (data.validation() == null ? 0 : data.validation().count());
            List<EpochMetrics.SetMetrics> extra = new ArrayList<>();
            for (RunData.EvaluationSet set : data.extra()) {
                Evaluator.Result r = evaluator.evaluate(network, set.source(), evalBatch, classes);
                extra.add(new EpochMetrics.SetMetrics(set.name(), r.loss(), r.accuracy()));
                evaluated += set.source().count();
            }
            double evalSeconds = (System.nanoTime() - evalStart) / 1e9;
            EpochMetrics m = new EpochMetrics(epoch, lossSum / seen, accuracy.accuracy(),
                    val == null ? Double.NaN : val.loss(), val == null ? Double.NaN : val.accuracy(),
                    test.loss(), test.accuracy(), schedule.lr(epoch - 1, 0, batches), seconds, seen / seconds,
                    evaluated / evalSeconds, extra);
            history.add(m);
            for (TrainingObserver o : observers) o.onEpochEnd(m);
            if (best != null && best.offer(m)) {
                for (TrainingObserver o : observers) o.onNewBest(m, checkpoint.monitor(), network);
            }
            if (patience != null) {
                if (epoch < epochs && patience.terminate(epoch, m.value(stopping.monitor()),
                        stopping.mode() == MonitorMode.MIN)) {
                    stoppedAt = epoch;
                    for (TrainingObserver o : observers) o.onEarlyStop(epoch, stopping);
                    break;
                }
            }
        }
        network.setListeners();
        return new Outcome(List.copyOf(history), test, best == null ? null : best.best(), stoppedAt);
    }
}
