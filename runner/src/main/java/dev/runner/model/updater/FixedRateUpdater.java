package dev.runner.model.updater;

import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * What the runner's updaters share: one learning rate at a time. A schedule sets it between steps
 * ({@link LearningRates}) rather than through a DL4J {@code ISchedule}, so a saved model holds a plain rate. The bean
 * accessors let DL4J's JSON save and restore it with the model.
 */
public abstract class FixedRateUpdater implements IUpdater {
    private double learningRate;

    protected FixedRateUpdater() {
    }

    protected FixedRateUpdater(double learningRate) {
        this.learningRate = learningRate;
    }

    @Override
    public abstract FixedRateUpdater clone();

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return learningRate;
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        if (lrSchedule != null) {
            throw new UnsupportedOperationException("learning-rate schedules are not supported by "
                    + getClass().getSimpleName());
        }
        this.learningRate = lr;
    }

    public double getLearningRate() {
        return learningRate;
    }

    public void setLearningRate(double learningRate) {
        this.learningRate = learningRate;
    }
}
