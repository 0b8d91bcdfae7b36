package dev.runner.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeedsTest {

    @Test
    void sameMasterAndPurposeSameSeed() {
        assertEquals(new Seeds(1234).derive("init"), new Seeds(1234).derive("init"));
        assertEquals(new Seeds(1234).derive("init"), new Seeds(1234).derive("init", 0));
        assertEquals(new Random(new Seeds(7).derive("shuffle", 3)).nextLong(),
                new Seeds(7).random("shuffle", 3).nextLong());
    }

    @Test
    void derivationIsPinned() {
        // Runs are reproducible across versions of the runner only while this derivation stays put: a change here
        // changes every split, initialisation and shuffle of every experiment (and every params_sha256).
        // Values computed outside Java from the definition: mix(mix(mix(master ^ golden) ^ hashCode) + index).
        assertEquals(-6958251108379789957L, new Seeds(1234).derive("init"));
        assertEquals(-7885659517817751433L, new Seeds(1234).derive("shuffle", 1));
    }

    @Test
    void purposesIndexesAndMastersAreIndependent() {
        Seeds seeds = new Seeds(1234);
        Set<Long> derived = new HashSet<>();
        for (String purpose : List.of("split", "init", "network", "train-transforms", "eval-validation",
                "eval-test")) {
            derived.add(seeds.derive(purpose));
        }
        for (int epoch = 1; epoch <= 1000; epoch++) {
            derived.add(seeds.derive("shuffle", epoch));
            derived.add(seeds.derive("augment", epoch));
        }
        assertEquals(6 + 2000, derived.size(), "two purposes or epochs share a seed");
        assertNotEquals(new Seeds(1234).derive("init"), new Seeds(1235).derive("init"));
        assertNotEquals(new Seeds(0).derive("init"), new Seeds(0).derive("split"));
        // Neighbouring masters give unrelated streams, not shifted copies.
        assertNotEquals(new Seeds(1).random("shuffle", 1).nextInt(), new Seeds(2).random("shuffle", 1).nextInt());
    }

    @Test
    void derivedSeedsSpreadOverAllBits() {
        // SplitMix64's finaliser: consecutive masters flip about half of the 64 bits.
        long flipped = 0;
        for (long master = 0; master < 1000; master++) {
            flipped += Long.bitCount(new Seeds(master).derive("init") ^ new Seeds(master + 1).derive("init"));
        }
        assertEquals(32.0, flipped / 1000.0, 1.0);
    }
}
