package dev.runner.cli;

import dev.runner.data.LoadedDataset;
import dev.runner.results.EvaluationRecord;
import dev.runner.run.Datasets;
import dev.runner.run.ModelEvaluation;
import dev.runner.run.SavedRun;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runner evaluate RUN}: a run's saved model on its test set, validation set or an evaluation set. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluate a run's saved model (model.zip, or best_model.zip with --model best) with the data "
                + "prepared exactly as the run prepared it, and write RUN/evaluations/<model>-<set>/: "
                + "evaluation.json, confusion.csv and .png, per_class.csv, misclassified.png. The run's own files "
                + "are not changed; evaluating again replaces the folder.",
                "Sets: test (the default), val (the validation split), or an evaluation set of the run's "
                        + "config.yaml; --set adds or changes evaluation sets only, e.g. --set "
                        + "'evaluation.rotated_test={split: test, transforms: [{random_rotation: {degrees: 25}}, "
                        + "{normalize: auto}]}' --on rotated_test."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:success",
                "1:failure while running (data, backend, a model file that does not load, output)",
                "2:invalid run folder, model, set or usage"})
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "A run folder, results/<name>/<run-id>.")
    Path run;

    @Option(names = "--model", paramLabel = "final|best",
            description = "final: model.zip, after the last epoch (default); best: best_model.zip, the checkpoint.")
    String model = "final";

    @Option(names = "--on", paramLabel = "SET", split = ",",
            description = "Sets to evaluate on: test, val or an evaluation set name; repeatable or comma-separated "
                    + "(default: test).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--set", paramLabel = "evaluation.NAME=VALUE",
            description = "Add or change an evaluation set of the run's config.yaml (only keys under evaluation): "
                    + "{split: test|validation|train, transforms: [...]}, as in the experiment format. Repeatable.")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the datasets are. Default: $RUNNER_DATA_DIR, else data/ in the runner's checkout.")
    Path dataDir;

    @CommandLine.Mixin
    DebugOption debug = new DebugOption();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SavedRun.Model which = ModelOption.parse(spec, model);
        List<String> on = sets.isEmpty() ? List.of(SavedRun.TEST) : List.copyOf(new LinkedHashSet<>(sets));
        try {
            SavedRun saved = SavedRun.open(run, overrides);
            saved.checkSets(on);
            saved.modelFile(which);
            LoadedDataset dataset = new Datasets(ExperimentOptions.resolveDataDir(dataDir),
                    RunnerCommand.runnerHome(), spec.commandLine().getErr()).load(saved.spec().dataset().name());
            for (ModelEvaluation.Outcome o : new ModelEvaluation().evaluate(saved, which, on, dataset)) {
                EvaluationRecord r = o.record();
                out.printf(Locale.ROOT, "%s: accuracy %.4f, loss %.6f on %,d images%s%n", o.name(), r.accuracy(),
                        r.loss(), r.examples(), comparison(r));
                out.println("  written: " + o.folder());
            }
        } catch (SavedRun.UnusableRunException e) {
            throw new UsageException("error: " + e.getMessage());
        } catch (SavedRun.UnreadableModelException e) {
            throw new CommandFailure("error: " + e.getMessage(), e.getCause());
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String comparison(EvaluationRecord r) {
        EvaluationRecord.Recorded rec = r.recorded();
        if (rec == null) return " (run.json has no figures for this set)";
        if (rec.same(r.loss(), r.accuracy())) return "; run.json's " + rec.source() + ": the same, bit for bit";
        return String.format(Locale.ROOT, "; run.json's %s differ: accuracy %s, loss %s", rec.source(),
                Double.toString(rec.accuracy()), Double.toString(rec.loss()));
    }
}
