package dev.runner.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options shared by the commands that load an experiment. */
final class ExperimentOptions {
    @Option(names = "--set", paramLabel = "PATH=VALUE",
            description = "Override a key by dotted path with list indexes, e.g. training.epochs=1 or "
                    + "model.layers[0].conv2d.filters=8. Repeatable; validated like the file; wins over the file.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the IDX files are (DIR/mnist, DIR/fashion-mnist). Default: $RUNNER_DATA_DIR, "
                    + "else data/ in the runner's checkout.")
    Path dataDir;

    Path resolvedDataDir() {
        return resolveDataDir(dataDir);
    }

    /** {@code --data-dir} as given, else $RUNNER_DATA_DIR, else data/ in the runner's checkout. */
    static Path resolveDataDir(Path given) {
        if (given != null) return given;
        String env = System.getenv("RUNNER_DATA_DIR");
        if (env != null && !env.isBlank()) return Path.of(env);
        Path home = RunnerCommand.runnerHome();
        return home == null ? Path.of("data") : home.resolve("data");
    }
}
