package dev.runner.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatasetSplitsTest {

    /** {@code n} one-pixel images whose pixel is their index, labelled {@code index mod 10}. */
    static ImageSet indexed(int n) {
        float[] pixels = new float[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            pixels[i] = i;
            labels[i] = i % 10;
        }
        return new ImageSet(pixels, labels, 1);
    }

    private static LoadedDataset data(int train, int test) {
        return new LoadedDataset(DatasetInfo.MNIST, indexed(train), indexed(test));
    }

    private static int[] ids(ImageSet set) {
        int[] ids = new int[set.count()];
        for (int i = 0; i < ids.length; i++) ids[i] = (int) set.pixels()[i];
        return ids;
    }

    @Test
    void holdsOutTheFractionDisjointly() {
        DatasetSplits s = DatasetSplits.split(data(100, 30), 0.1, null, null, null, new Random(5));
        assertEquals(90, s.train().count());
        assertEquals(10, s.validation().count());
        assertTrue(s.hasValidation());
        int[] all = IntStream.concat(Arrays.stream(ids(s.train())), Arrays.stream(ids(s.validation())))
                .sorted().toArray();
        assertArrayEquals(IntStream.range(0, 100).toArray(), all, "train and validation partition the set");
        // shuffled, not the last tenth
        assertFalse(Arrays.equals(IntStream.range(90, 100).toArray(), ids(s.validation())));
        // labels travel with their images
        for (int i = 0; i < s.train().count(); i++) assertEquals(ids(s.train())[i] % 10, s.train().labels()[i]);
        assertEquals(30, s.test().count());
    }

    @ParameterizedTest
    @CsvSource({"0.1, 54000", "0.2, 48000", "0.05, 57000", "0.15, 51000", "0.25, 45000", "0.3, 42000"})
    void sizesOnTheRealTrainingSetAreThoseOfRandomSplit(double fraction, int train) {
        // torch.utils.data.random_split(60,000 images, [1 − f, f])
        DatasetSplits s = DatasetSplits.split(data(60_000, 1), fraction, null, null, null, new Random(1));
        assertEquals(train, s.train().count());
        assertEquals(60_000 - train, s.validation().count());
    }

    @Test
    void sameSeedSameSplitOtherSeedAnother() {
        int[] a = ids(DatasetSplits.split(data(100, 1), 0.2, null, null, null, new Random(42)).validation());
        int[] b = ids(DatasetSplits.split(data(100, 1), 0.2, null, null, null, new Random(42)).validation());
        int[] c = ids(DatasetSplits.split(data(100, 1), 0.2, null, null, null, new Random(43)).validation());
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
    }

    @Test
    void noValidationKeepsFileOrderAndDrawsNothing() {
        Random random = new Random(9);
        DatasetSplits s = DatasetSplits.split(data(50, 10), 0.0, null, null, null, random);
        assertArrayEquals(IntStream.range(0, 50).toArray(), ids(s.train()));
        assertEquals(0, s.validation().count());
        assertFalse(s.hasValidation());
        assertEquals(new Random(9).nextLong(), random.nextLong(), "the split consumed random numbers");
    }

    @Test
    void limitsApplyAfterTheSplit() {
        DatasetSplits full = DatasetSplits.split(data(100, 30), 0.2, null, null, null, new Random(3));
        DatasetSplits limited = DatasetSplits.split(data(100, 30), 0.2, 25, 7, 4, new Random(3));
        // The same held-out images whatever the limits: a limit takes the head of each part.
        assertArrayEquals(Arrays.copyOf(ids(full.train()), 25), ids(limited.train()));
        assertArrayEquals(Arrays.copyOf(ids(full.validation()), 7), ids(limited.validation()));
        assertArrayEquals(new int[]{0, 1, 2, 3}, ids(limited.test()));
        assertArrayEquals(new int[]{0, 1, 2, 3}, limited.test().labels());
    }

    @Test
    void limitsLargerThanThePartKeepItAll() {
        DatasetSplits s = DatasetSplits.split(data(100, 30), 0.2, 1000, 1000, 1000, new Random(3));
        assertEquals(80, s.train().count());
        assertEquals(20, s.validation().count());
        assertEquals(30, s.test().count());
    }

    @Test
    void shuffleIsAPermutationFromTheGivenSourceOnly() {
        int[] a = IntStream.range(0, 1000).toArray();
        int[] b = a.clone();
        DatasetSplits.shuffle(a, new Random(11));
        DatasetSplits.shuffle(b, new Random(11));
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(IntStream.range(0, 1000).toArray(), a));
        assertArrayEquals(IntStream.range(0, 1000).toArray(), Arrays.stream(a).sorted().toArray());
    }
}
