package dev.runner.model;

import dev.runner.config.ExperimentLoader;
import dev.runner.config.InvalidExperimentException;
import dev.runner.config.LoadedExperiment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Experiments for model and training tests: the shipped ones, the test resources, and small inline ones. */
public final class ModelFixtures {
    private ModelFixtures() {
    }

    /** A file of the checkout's {@code experiments/}; Surefire runs in the module directory, one below. */
    public static LoadedExperiment shipped(String fileName) throws InvalidExperimentException {
        Path file = Path.of(System.getProperty("basedir", ".")).resolve("..").resolve("experiments")
                .resolve(fileName);
        try {
            return parse(fileName, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A YAML file on the test class path. */
    public static LoadedExperiment resource(String path) throws InvalidExperimentException {
        try (InputStream in = ModelFixtures.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalArgumentException("no test resource " + path);
            return parse(path, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static LoadedExperiment parse(String name, String yaml) throws InvalidExperimentException {
        try (ExperimentLoader loader = new ExperimentLoader()) {
            return loader.parse(name, yaml, List.of());
        }
    }

    /**
     * A small MNIST experiment around the given layers (YAML list items, one per string, without the dash).
     * {@code loss} and {@code optimizer} are YAML values, e.g. {@code "cross_entropy"}, {@code "{sgd: {lr: 0.1}}"}.
     */
    public static LoadedExperiment inline(String loss, String optimizer, String... layers)
            throws InvalidExperimentException {
        StringBuilder yaml = new StringBuilder("""
                name: test
                seed: 1
                dataset: {name: mnist}
                model:
                  layers:
                """);
        for (String layer : layers) yaml.append("    - ").append(layer).append('\n');
        yaml.append("loss: ").append(loss).append('\n');
        yaml.append("optimizer: ").append(optimizer).append('\n');
        yaml.append("training: {epochs: 1, batch_size: 8}\n");
        return parse("test.yaml", yaml.toString());
    }

    public static CompiledModel compile(LoadedExperiment experiment, long initSeed, long networkSeed)
            throws InvalidExperimentException {
        ModelSummary summary = new ShapeInference().infer(experiment);
        return new NetworkCompiler().compile(experiment.spec(), summary, initSeed, networkSeed);
    }
}
