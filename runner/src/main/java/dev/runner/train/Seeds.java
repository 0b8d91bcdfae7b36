package dev.runner.train;

import java.util.Random;

/**
 * Derives independent, reproducible random sources from the experiment's one seed, one per purpose (split, init,
 * shuffling per epoch, augmentation per epoch...), so that changing how one purpose draws does not shift another.
 */
public record Seeds(long master) {

    public long derive(String purpose, long index) {
        long h = mix(master ^ 0x9E3779B97F4A7C15L);
        h = mix(h ^ purpose.hashCode());
        return mix(h + index);
    }

    public long derive(String purpose) {
        return derive(purpose, 0);
    }

    public Random random(String purpose, long index) {
        return new Random(derive(purpose, index));
    }

    public Random random(String purpose) {
        return random(purpose, 0);
    }

    /** SplitMix64's finaliser: a bijection that spreads every input bit over the output. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
