package dev.runner.train;

/**
 * A training policy: it looks at each finished epoch, after the observers have, tells the observers what it decided,
 * and may end training. The loop has no policy of its own; which listeners a run has follows from its experiment
 * ({@link TrainingPolicies}).
 */
public interface EpochListener {

    enum Decision { CONTINUE, STOP }

    /**
     * @param epochs    the number of epochs the run was set to train
     * @param observers to tell of what this listener decided
     * @return {@link Decision#STOP} to end training after this epoch
     */
    Decision afterEpoch(EpochMetrics metrics, int epochs, TrainingObserver observers);
}
