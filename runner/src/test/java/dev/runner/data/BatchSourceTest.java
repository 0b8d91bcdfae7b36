package dev.runner.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

class BatchSourceTest {
    private static final int N = 10;

    /** {@code N} 28×28 images, every pixel of image i equal to i/100, labelled (i·3) mod 10. */
    private static ImageSet images() {
        float[] pixels = new float[N * 784];
        int[] labels = new int[N];
        for (int i = 0; i < N; i++) {
            Arrays.fill(pixels, i * 784, (i + 1) * 784, i / 100f);
            labels[i] = (i * 3) % 10;
        }
        return new ImageSet(pixels, labels, 784);
    }

    /** The image index each example of a batch came from, read off its first pixel. */
    private static int[] indexes(DataSet batch) {
        int n = batch.numExamples();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = Math.round(batch.getFeatures().getFloat(i, 0, 0, 0) * 100);
        return out;
    }

    private static List<DataSet> all(Iterator<DataSet> it) {
        List<DataSet> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void batchesAreChannelsLastWithOneHotLabels() {
        BatchSource source = new BatchSource(images(), DatasetInfo.MNIST);
        assertEquals(3, source.batches(4));
        List<DataSet> batches = all(source.inOrder(4));
        assertEquals(3, batches.size());
        assertArrayEquals(new long[]{4, 28, 28, 1}, batches.get(0).getFeatures().shape());
        assertArrayEquals(new long[]{4, 10}, batches.get(0).getLabels().shape());
        // The last batch is smaller, as PyTorch's DataLoader with drop_last=False.
        assertArrayEquals(new long[]{2, 28, 28, 1}, batches.get(2).getFeatures().shape());
        assertArrayEquals(new int[]{8, 9}, indexes(batches.get(2)));
        // Image 1 (label 3) in row 1 of the first batch: one-hot, and every pixel carried over.
        assertArrayEquals(new float[]{0, 0, 0, 1, 0, 0, 0, 0, 0, 0}, batches.get(0).getLabels().getRow(1).toFloatVector());
        float[] image1 = batches.get(0).getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.point(1))
                .dup().data().asFloat();
        float[] expected = new float[784];
        Arrays.fill(expected, 0.01f);
        assertArrayEquals(expected, image1);
        assertEquals(1.0, batches.get(1).getLabels().sumNumber().doubleValue() / 4, 0.0);
    }

    @Test
    void inOrderKeepsFileOrder() {
        BatchSource source = new BatchSource(images(), DatasetInfo.MNIST);
        int[] seen = all(source.inOrder(3)).stream().flatMapToInt(b -> Arrays.stream(indexes(b))).toArray();
        assertArrayEquals(IntStream.range(0, N).toArray(), seen);
    }

    @Test
    void epochsAreSeededPermutations() {
        BatchSource source = new BatchSource(images(), DatasetInfo.MNIST);
        int[] a = all(source.epoch(4, new Random(21), null, null)).stream()
                .flatMapToInt(b -> Arrays.stream(indexes(b))).toArray();
        int[] b = all(source.epoch(4, new Random(21), null, null)).stream()
                .flatMapToInt(d -> Arrays.stream(indexes(d))).toArray();
        int[] c = all(source.epoch(4, new Random(22), null, null)).stream()
                .flatMapToInt(d -> Arrays.stream(indexes(d))).toArray();
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
        assertArrayEquals(IntStream.range(0, N).toArray(), Arrays.stream(a).sorted().toArray());
        assertFalse(Arrays.equals(IntStream.range(0, N).toArray(), a));
    }

    @Test
    void labelsFollowTheirImagesThroughTheShuffle() {
        BatchSource source = new BatchSource(images(), DatasetInfo.MNIST);
        for (DataSet batch : all(source.epoch(3, new Random(4), null, null))) {
            int[] idx = indexes(batch);
            for (int i = 0; i < idx.length; i++) {
                assertEquals(1f, batch.getLabels().getFloat(i, (idx[i] * 3) % 10));
            }
        }
    }

    @Test
    void epochTransformsEachImageAndLeavesTheSetAlone() {
        ImageSet set = images();
        float[] before = set.pixels().clone();
        TransformPipeline halve = new TransformPipeline(List.of(new ImageTransform.Normalize(0f, 2f)), 28, 28);
        List<DataSet> batches = all(new BatchSource(set, DatasetInfo.MNIST).epoch(5, new Random(1), halve,
                new Random(2)));
        for (DataSet batch : batches) {
            int n = batch.numExamples();
            for (int i = 0; i < n; i++) {
                float v = batch.getFeatures().getFloat(i, 27, 27, 0);
                assertEquals(Math.round(v * 2 * 100) / 200f, v, 1e-7f);
            }
        }
        assertArrayEquals(before, set.pixels());
    }

    @Test
    void exhaustedIteratorSaysSo() {
        Iterator<DataSet> it = new BatchSource(images(), DatasetInfo.MNIST).inOrder(N);
        it.next();
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
    }
}
