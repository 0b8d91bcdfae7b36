package dev.runner.cli;

import dev.runner.config.Reproducibility;
import dev.runner.reproduce.Reproducer;
import dev.runner.run.PortableMode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runner reproduce [FILE|DIR]...}: run the tutorial experiments and put ours beside their figures. */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = {"Run tutorial experiments (default: experiments/tutorials/), each with --seeds seeds, and "
                + "write DIR/reproduction.md and .csv: published figure, the tutorial's PyTorch code on 2 cores, "
                + "ours (mean ± std), difference and verdict.",
                "Verdict: within noise when the reference figure lies within our mean ± max(2·std, 0.5 points)."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:every experiment ran (whatever the verdicts)",
                "1:failure while running (data, backend, training, output)", "2:invalid experiment or usage"})
final class ReproduceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "FILE|DIR",
            description = "Experiment files, or directories of them (default: experiments/tutorials).")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--seeds", paramLabel = "N", description = "Runs per experiment, seeds seed, seed+1, ... "
            + "(default: 1).")
    int seeds = 1;

    @Option(names = "--quick", description = "Smoke test: 1 epoch on 2,000 training, 500 validation and 1,000 test "
            + "images; nothing is judged.")
    boolean quick;

    @CommandLine.Mixin
    ExperimentOptions experiment = new ExperimentOptions();

    @Option(names = "--out", paramLabel = "DIR",
            description = "Root of the results folders and of reproduction.md/.csv (default: results).")
    Path out = Path.of("results");

    @CommandLine.Mixin
    DebugOption debug = new DebugOption();

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (seeds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--seeds must be at least 1, got " + seeds);
        }
        List<Path> given = paths;
        if (given.isEmpty()) {
            Path home = RunnerCommand.runnerHome();
            given = List.of(home == null ? Path.of("experiments/tutorials") : home.resolve("experiments/tutorials"));
        }
        for (Path p : given) {
            if (!Files.exists(p)) throw new UsageException("error: no such file or directory: " + p);
        }
        List<Path> files = Reproducer.experimentFiles(given);
        if (files.isEmpty()) throw new UsageException("error: no experiment files (*.yaml) in " + given);
        Optional<Integer> relaunched = portable(files);
        if (relaunched.isPresent()) return relaunched.get();
        Reproducer reproducer = new Reproducer(new Reproducer.Options(seeds, quick,
                List.copyOf(experiment.overrides), experiment.resolvedDataDir(), out, RunnerCommand.runnerHome(),
                System.getProperty("runner.git.commit")), o, err);
        Reproducer.Outcome outcome = reproducer.run(files);
        o.println();
        o.print(outcome.table().markdown());
        o.println();
        o.println("written: " + outcome.markdown() + ", " + outcome.csv());
        o.flush();
        return ExitCodes.OK;
    }

    /**
     * Every run of reproduce shares this JVM, and a portable run needs a JVM started with the pinned environment:
     * when the files are portable, the whole command again in such a JVM (unless this is one); files of both modes
     * cannot share one.
     */
    private Optional<Integer> portable(List<Path> files) throws Exception {
        List<String> portable = new ArrayList<>();
        List<String> fast = new ArrayList<>();
        for (Path f : files) {
            boolean p = PortableMode.of(f, experiment.overrides).orElse(Reproducibility.FAST)
                    == Reproducibility.PORTABLE;
            (p ? portable : fast).add(f.toString());
        }
        if (portable.isEmpty()) return Optional.empty();
        if (!fast.isEmpty()) {
            throw new UsageException("error: reproduce runs every experiment in one JVM, and these are "
                    + "reproducibility: portable (" + String.join(", ", portable) + ") while these are fast ("
                    + String.join(", ", fast) + "); run them separately, or give --set reproducibility=portable "
                    + "(or =fast) to run all alike");
        }
        return RunCommand.relaunchPortable(spec);
    }
}
