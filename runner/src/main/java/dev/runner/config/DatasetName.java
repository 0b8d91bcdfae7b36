package dev.runner.config;

/**
 * The datasets the runner knows, by their name in experiment files, with the number of images in each file: known
 * before any file is read, so that a split that would leave a set empty is refused when the experiment is validated.
 */
public enum DatasetName implements Named {
    MNIST("mnist", 60_000, 10_000),
    FASHION_MNIST("fashion-mnist", 60_000, 10_000);

    private final String yamlName;
    private final int trainCount;
    private final int testCount;

    DatasetName(String yamlName, int trainCount, int testCount) {
        this.yamlName = yamlName;
        this.trainCount = trainCount;
        this.testCount = testCount;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }

    /** Images in the training file, before the validation hold-out. */
    public int trainCount() {
        return trainCount;
    }

    /** Images in the test file. */
    public int testCount() {
        return testCount;
    }
}
