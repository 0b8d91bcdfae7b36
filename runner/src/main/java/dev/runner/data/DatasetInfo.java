package dev.runner.data;

import dev.runner.config.DatasetName;
import java.util.List;

/**
 * What the runner knows about a dataset before reading it: image size, classes, the files and their checksums.
 * Checksums are SHA-256 of the uncompressed IDX bytes, so they hold whether a file arrived raw (the npm package) or
 * gzipped (the canonical mirrors, the Debian package).
 */
public record DatasetInfo(DatasetName name, int channels, int height, int width, List<String> classNames,
                          int trainCount, int testCount, IdxFiles files) {

    /** The four files of a dataset, each with the SHA-256 of its uncompressed content. */
    public record IdxFiles(FileRef trainImages, FileRef trainLabels, FileRef testImages, FileRef testLabels) {
        public List<FileRef> all() {
            return List.of(trainImages, trainLabels, testImages, testLabels);
        }
    }

    public record FileRef(String baseName, String sha256) {
    }

    public int numClasses() {
        return classNames.size();
    }

    public int pixels() {
        return channels * height * width;
    }

    public static final DatasetInfo MNIST = new DatasetInfo(DatasetName.MNIST, 1, 28, 28,
            List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), DatasetName.MNIST.trainCount(),
            DatasetName.MNIST.testCount(), new IdxFiles(
            new FileRef("train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
            new FileRef("train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
            new FileRef("t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
            new FileRef("t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2")));

    public static final DatasetInfo FASHION_MNIST = new DatasetInfo(DatasetName.FASHION_MNIST, 1, 28, 28,
            List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                    "Ankle boot"), DatasetName.FASHION_MNIST.trainCount(), DatasetName.FASHION_MNIST.testCount(),
            new IdxFiles(
            new FileRef("train-images-idx3-ubyte", "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
            new FileRef("train-labels-idx1-ubyte", "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
            new FileRef("t10k-images-idx3-ubyte", "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
            new FileRef("t10k-labels-idx1-ubyte", "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34")));

    public static DatasetInfo of(DatasetName name) {
        return switch (name) {
            case MNIST -> MNIST;
            case FASHION_MNIST -> FASHION_MNIST;
        };
    }
}
