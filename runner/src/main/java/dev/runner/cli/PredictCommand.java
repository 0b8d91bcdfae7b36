package dev.runner.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.runner.data.ImageFile;
import dev.runner.run.Datasets;
import dev.runner.run.ImagePrediction;
import dev.runner.run.SavedRun;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runner predict RUN IMAGE...}: classify image files with a run's saved model. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Classify PNG or JPEG images with a run's saved model: one line per image with the three "
                + "most probable classes and their probabilities (--json: one JSON document).",
                "Each image is made a dataset image first: grey (luminance of a colour image, transparency over "
                        + "black), scaled to 28×28 by area averaging, not inverted (the datasets are light on "
                        + "black; an image must look like them), then the run's eval transforms. Every image is "
                        + "checked before any is classified: one that is not a PNG or JPEG, empty, or over "
                        + ImageFile.MAX_SIDE + " pixels a side fails the command (exit 2) with nothing printed."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:success",
                "1:failure while running (data, backend, a model file that does not load)",
                "2:a bad image, an invalid run folder or model, or usage"})
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "A run folder, results/<name>/<run-id>.")
    Path run;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "IMAGE", description = "PNG or JPEG files.")
    List<Path> images = new ArrayList<>();

    @Option(names = "--model", paramLabel = "final|best",
            description = "final: model.zip, after the last epoch (default); best: best_model.zip, the checkpoint.")
    String model = "final";

    @Option(names = "--json", description = "One JSON document: per image the top three and all probabilities.")
    boolean json;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the datasets are, for normalize: auto (the statistics of the run's training "
                    + "split). Default: $RUNNER_DATA_DIR, else data/ in the runner's checkout.")
    Path dataDir;

    @CommandLine.Mixin
    DebugOption debug = new DebugOption();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        SavedRun.Model which = ModelOption.parse(spec, model);
        List<ImagePrediction.Result> results;
        try {
            SavedRun saved = SavedRun.open(run, List.of());
            saved.modelFile(which);
            results = new ImagePrediction().predict(saved, which, images, () -> new Datasets(
                    ExperimentOptions.resolveDataDir(dataDir), RunnerCommand.runnerHome(), spec.commandLine().getErr())
                    .load(saved.spec().dataset().name()));
        } catch (ImageFile.BadImageException | SavedRun.UnusableRunException e) {
            throw new UsageException("error: " + e.getMessage());
        } catch (SavedRun.UnreadableModelException e) {
            throw new CommandFailure("error: " + e.getMessage(), e.getCause());
        }
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(document(which, results)));
        } else {
            for (ImagePrediction.Result r : results) {
                out.println(r.file() + ": " + r.top().stream()
                        .map(t -> String.format(Locale.ROOT, "%s (%.4f)", t.name(), t.probability()))
                        .collect(Collectors.joining(", ")));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private Map<String, Object> document(SavedRun.Model which, List<ImagePrediction.Result> results) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("run", run.toString());
        doc.put("model", which.file());
        List<Object> list = new ArrayList<>();
        for (ImagePrediction.Result r : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", r.file().toString());
            List<Object> top = new ArrayList<>();
            for (ImagePrediction.Ranked t : r.top()) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("class", t.name());
                c.put("index", t.index());
                c.put("probability", t.probability());
                top.add(c);
            }
            m.put("top", top);
            List<Float> all = new ArrayList<>();
            for (float p : r.probabilities()) all.add(p);
            m.put("probabilities", all);
            list.add(m);
        }
        doc.put("images", list);
        return doc;
    }
}
