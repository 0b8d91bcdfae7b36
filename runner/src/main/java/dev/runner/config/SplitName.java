package dev.runner.config;

/** A part of the dataset an evaluation set is drawn from, after the validation hold-out and the limits. */
public enum SplitName implements Named {
    TEST("test"),
    VALIDATION("validation"),
    TRAIN("train");

    private final String yamlName;

    SplitName(String yamlName) {
        this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }
}
