package dev.runner.config;

import java.util.Arrays;

/** An enum constant with the word that stands for it in experiment files. */
public interface Named {
    String yamlName();

    /** The words of {@code values}, comma-separated, for "(valid: ...)" in messages. */
    static String words(Named[] values) {
        return String.join(", ", Arrays.stream(values).map(Named::yamlName).toList());
    }
}
