package dev.runner.cli;

import dev.runner.run.SavedRun;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** {@code --model final|best} of the commands that use a run's saved model. */
final class ModelOption {
    private ModelOption() {
    }

    static SavedRun.Model parse(CommandSpec spec, String word) {
        SavedRun.Model m = SavedRun.Model.of(word);
        if (m == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--model must be final (model.zip) or best (best_model.zip), got '" + word + "'");
        }
        return m;
    }
}
