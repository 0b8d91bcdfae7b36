package dev.runner.config;

/** The datasets the runner knows, by their name in experiment files. */
public enum DatasetName implements Named {
    MNIST("mnist"),
    FASHION_MNIST("fashion-mnist");

    private final String yamlName;

    DatasetName(String yamlName) {
        this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }
}
