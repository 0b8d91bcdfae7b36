package dev.runner.train;

import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The state of ND4J's random generator of the training thread, which dropout draws from: seeded once, when the
 * network is initialised, from its own derived seed, then advanced by every dropout mask of every batch. Two words
 * hold all of it (the native generator's root and node states), so a resumed run sets them back and draws the very
 * masks the run would have drawn had it never stopped.
 */
public record DropoutRandom(long rootState, long nodeState) {

    /** The training thread's state now; call it on that thread (ND4J's generator is per thread). */
    public static DropoutRandom current() {
        Random r = Nd4j.getRandom();
        return new DropoutRandom(r.rootState(), r.nodeState());
    }

    /** Sets the calling thread's generator to this state. */
    public void restore() {
        Nd4j.getRandom().setStates(rootState, nodeState);
    }
}
