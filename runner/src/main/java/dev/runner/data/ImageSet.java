package dev.runner.data;

/**
 * Images as one contiguous float array (image-major, each image {@code channels × height × width}) with their
 * labels. The arrays are never modified after construction.
 */
public record ImageSet(float[] pixels, int[] labels, int imageSize) {

    public int count() {
        return labels.length;
    }

    /** A new set of the images at {@code indexes}, in that order. */
    public ImageSet select(int[] indexes) {
        float[] p = new float[indexes.length * imageSize];
        int[] l = new int[indexes.length];
        for (int i = 0; i < indexes.length; i++) {
            System.arraycopy(pixels, indexes[i] * imageSize, p, i * imageSize, imageSize);
            l[i] = labels[indexes[i]];
        }
        return new ImageSet(p, l, imageSize);
    }

    /** The first {@code n} images. */
    public ImageSet head(int n) {
        int[] idx = new int[Math.min(n, count())];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        return select(idx);
    }
}
