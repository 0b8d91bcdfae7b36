package dev.runner.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Mini-batches of one set as ND4J arrays: features {@code [batch, height, width, channels]} (channels-last, the
 * layout the compiled network uses), one-hot labels. The
 * last batch may be smaller, as with PyTorch's DataLoader (drop_last=False).
 */
public final class BatchSource {
    private final ImageSet set;
    private final int numClasses;
    private final int channels;
    private final int height;
    private final int width;

    public BatchSource(ImageSet set, DatasetInfo info) {
        this.set = set;
        this.numClasses = info.numClasses();
        if (info.channels() != 1) {
            // Multi-channel images would need transposing from the stored channel-first order.
            throw new IllegalArgumentException("only single-channel datasets are supported");
        }
        this.channels = info.channels();
        this.height = info.height();
        this.width = info.width();
    }

    public int count() {
        return set.count();
    }

    /** A copy of image {@code index} ({@code channels × height × width} values), as the batches hold it. */
    public float[] image(int index) {
        int size = set.imageSize();
        float[] copy = new float[size];
        System.arraycopy(set.pixels(), index * size, copy, 0, size);
        return copy;
    }

    public int label(int index) {
        return set.labels()[index];
    }

    public int batches(int batchSize) {
        return (set.count() + batchSize - 1) / batchSize;
    }

    /** Batches in file order, untransformed (for evaluation of pre-transformed sets). */
    public Iterator<DataSet> inOrder(int batchSize) {
        int[] order = new int[set.count()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        return batches(order, batchSize, null, null);
    }

    /** One training epoch: shuffled by {@code shuffle}, each image passed through {@code transforms}. */
    public Iterator<DataSet> epoch(int batchSize, Random shuffle, TransformPipeline transforms, Random augment) {
        int[] order = new int[set.count()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        DatasetSplits.shuffle(order, shuffle);
        return batches(order, batchSize, transforms, augment);
    }

    private Iterator<DataSet> batches(int[] order, int batchSize, TransformPipeline transforms, Random augment) {
        int size = set.imageSize();
        return new Iterator<>() {
            private int start;

            @Override
            public boolean hasNext() {
                return start < order.length;
            }

            @Override
            public DataSet next() {
                if (!hasNext()) throw new NoSuchElementException();
                int n = Math.min(batchSize, order.length - start);
                float[] features = new float[n * size];
                float[] labels = new float[n * numClasses];
                for (int i = 0; i < n; i++) {
                    int index = order[start + i];
                    System.arraycopy(set.pixels(), index * size, features, i * size, size);
                    if (transforms != null && !transforms.isEmpty()) transforms.apply(features, i, augment);
                    labels[i * numClasses + set.labels()[index]] = 1f;
                }
                start += n;
                // Single-channel images are stored height × width, which is already channels-last.
                return new DataSet(Nd4j.create(features, new long[]{n, height, width, channels}, 'c'),
                        Nd4j.create(labels, new long[]{n, numClasses}, 'c'));
            }
        };
    }
}
