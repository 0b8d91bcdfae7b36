package dev.runner.config;

/** An enum constant with the word that stands for it in experiment files. */
public interface Named {
    String yamlName();
}
