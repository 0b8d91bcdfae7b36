package dev.runner.train;

import dev.runner.config.ExperimentSpec;
import dev.runner.model.updater.LearningRates;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The training loop: one thread (ND4J's random state is per thread, and dropout draws from it), epochs of shuffled
 * mini-batches, evaluation after each epoch, metrics handed to observers, then to the {@link EpochListener}s, any of
 * which may end training (best-epoch tracking and early stopping are such listeners, see {@link TrainingPolicies}).
 */
public final class Trainer {

    /** @param stoppedEarlyAt the epoch after which a listener ended training; null when all epochs ran */
    public record Outcome(List<EpochMetrics> epochs, Evaluator.Result finalTest, Integer stoppedEarlyAt) {
        public EpochMetrics last() {
            return epochs.get(epochs.size() - 1);
        }
    }

    /** Every epoch the experiment sets, with no listener to end training early. */
    public Outcome train(MultiLayerNetwork network, RunData data, ExperimentSpec spec, Seeds seeds,
                         List<TrainingObserver> observers) {
        return train(network, data, spec, seeds, observers, List.of());
    }

    public Outcome train(MultiLayerNetwork network, RunData data, ExperimentSpec spec, Seeds seeds,
                         List<TrainingObserver> observers, List<EpochListener> listeners) {
        return train(network, data, spec, seeds, observers, listeners, null, null);
    }

    /**
     * @param from   null to train from the first epoch; else where an earlier run of the same experiment stopped: the
     *               network already holds that state's parameters, updater state and counters, and the listeners
     *               their trackers, so training goes on as if it had never stopped
     * @param keeper null, or told of the state after every epoch training continues from
     */
    public Outcome train(MultiLayerNetwork network, RunData data, ExperimentSpec spec, Seeds seeds,
                         List<TrainingObserver> observers, List<EpochListener> listeners, TrainingState from,
                         TrainingState.Keeper keeper) {
        TrainingObserver all = TrainingObserver.all(observers);
        BatchAccuracyListener accuracy = new BatchAccuracyListener();
        network.setListeners(accuracy);
        int epochs = spec.training().epochs();
        int batchSize = spec.training().batchSize();
        int evalBatch = spec.training().evalBatchSize();
        int classes = data.info().numClasses();
        LearningRateSchedule schedule = LearningRateSchedule.of(spec);
        Evaluator evaluator = new Evaluator(spec.loss().labelSmoothing());
        List<EpochMetrics> history = new ArrayList<>();
        int first = 1;
        if (from != null) {
            if (from.epoch() >= epochs) {
                throw new IllegalArgumentException("nothing to resume: epoch " + from.epoch() + " of " + epochs
                        + " was the last");
            }
            history.addAll(from.history());
            first = from.epoch() + 1;
            // Last, so that nothing between here and the first batch can draw from the generator.
            from.dropoutRandom().restore();
        }
        Evaluator.Result test = null;
        Integer stoppedAt = null;
        for (int epoch = first; epoch <= epochs; epoch++) {
            int batches = data.train().batches(batchSize);
            all.onEpochStart(epoch, epochs, batches);
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
                if (!Double.isFinite(loss)) {
                    throw diverged(network, epoch, batch + 1, "loss " + loss, history, test, stoppedAt);
                }
                lossSum += loss * ds.numExamples();
                seen += ds.numExamples();
                batch++;
                all.onBatch(epoch, batch, loss);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            network.incrementEpochCount();
            // the last step's loss was measured before its update; the update itself may have made the weights NaN
            if (!finite(network.params())) {
                throw diverged(network, epoch, batch, "parameters not finite after the update", history, test,
                        stoppedAt);
            }
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
            all.onEpochEnd(m);
            boolean stop = false;
            for (EpochListener listener : listeners) {
                stop |= listener.afterEpoch(m, epochs, all) == EpochListener.Decision.STOP;
            }
            if (stop) {
                stoppedAt = epoch;
                break;
            }
            if (keeper != null && epoch < epochs) {
                keeper.keep(network, new TrainingState(epoch, history, DropoutRandom.current()));
            }
        }
        network.setListeners();
        return new Outcome(List.copyOf(history), test, stoppedAt);
    }

    private static TrainingDivergedException diverged(MultiLayerNetwork network, int epoch, int batch, String what,
                                                      List<EpochMetrics> history, Evaluator.Result test,
                                                      Integer stoppedAt) {
        network.setListeners();
        return new TrainingDivergedException(epoch, batch, what,
                history.isEmpty() ? null : new Outcome(List.copyOf(history), test, stoppedAt));
    }

    private static boolean finite(INDArray params) {
        return !params.isNaN().any() && !params.isInfinite().any();
    }
}
