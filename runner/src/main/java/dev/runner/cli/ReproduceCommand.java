package dev.runner.cli;

import dev.runner.reproduce.Reproducer;
import dev.runner.sweep.SlurmOptions;
import dev.runner.sweep.SweepExecutor;
import dev.runner.sweep.SweepPlan;
import dev.runner.sweep.SweepRunner;
import dev.runner.sweep.slurm.SlurmExecutor;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runner reproduce [FILE|DIR]...}: run the tutorial experiments and put ours beside their figures. */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = {"Run tutorial experiments (default: experiments/tutorials/), each with --seeds seeds, into "
                + "DIR/reproduction/<run-id>/ (runs done there before are not trained again), and write "
                + "DIR/reproduction.md and .csv: published figure, the tutorial's PyTorch code on 2 cores, ours "
                + "(mean ± std), difference and verdict.",
                "Verdict: within noise when the reference figure lies within our mean ± max(2·std, 0.5 points)."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:every run completed (whatever the verdicts)",
                "1:a run failed or was not run, or a failure before training (data, output)",
                "2:invalid experiment or usage"})
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

    @Option(names = "--workers", paramLabel = "N", description = "Train N runs at once, each in its own JVM as a "
            + "sweep's points are, OMP_NUM_THREADS divided among them (default: 1). Results equal one worker's when "
            + "each run gets the same thread count, as with bin/runner's default of 1 thread. With --executor slurm: "
            + "at most N tasks at once (default: as many as Slurm runs).")
    Integer workers;

    @CommandLine.Mixin
    ExperimentOptions experiment = new ExperimentOptions();

    @Option(names = "--out", paramLabel = "DIR",
            description = "Root of the results folders and of reproduction.md/.csv (default: results).")
    Path out = Path.of("results");

    @CommandLine.Mixin
    DebugOption debug = new DebugOption();

    @CommandLine.Mixin
    ExecutorOptions executor = new ExecutorOptions();

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (seeds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--seeds must be at least 1, got " + seeds);
        }
        if (workers != null && workers < 1) throw new UsageException("--workers must be at least 1, got " + workers);
        executor.check();
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
        long start = System.nanoTime();
        Reproducer reproducer = new Reproducer(new Reproducer.Options(seeds, quick,
                List.copyOf(experiment.overrides), out));
        List<Reproducer.PlannedRun> runs = reproducer.plan(files);
        SweepPlan plan = SweepPlan.of(Reproducer.RUNS, "test_accuracy", runs.stream()
                .map(r -> new SweepPlan.Entry(r.file().getFileName().toString(), r.experiment(), r.overrides()))
                .toList());
        Set<String> warnings = new LinkedHashSet<>();
        runs.forEach(r -> {
            if (!r.experiment().warnings().isEmpty()) warnings.add(r.experiment().renderWarnings());
        });
        warnings.forEach(err::println);
        err.flush();
        Path dataDir = experiment.resolvedDataDir();
        SweepExecutor runner;
        if (executor.slurm()) {
            SlurmOptions slurm = executor.slurmOptions();
            executor.preflight(slurm, out, dataDir, err);
            runner = new SlurmExecutor(executor.settings(slurm, workers)).finishWith(againCommand()
                    + "    (once every task has ended: trains nothing done, writes the table)");
        } else {
            runner = new SweepRunner();
        }
        SweepCommand.ensureData(plan, dataDir, err);
        SweepRunner.Summary summary = PlanExecution.run(runner, plan,
                new SweepRunner.Options(out, dataDir, workers == null ? 1 : workers, false), o);
        if (runner instanceof SlurmExecutor slurm && slurm.detached() && slurm.submission().isPresent()) {
            return ExitCodes.OK; // the array trains on; the command that finishes it is printed
        }
        o.flush();
        if (!PlanExecution.reportUnfinished(summary, err, "run", "run the same command again")) {
            return ExitCodes.FAILURE;
        }
        Path dir = summary.directory();
        Reproducer.Outcome outcome = reproducer.tabulate(runs, r -> dir.resolve(SweepPlan.idOf(r.experiment())),
                (System.nanoTime() - start) / 1e9);
        o.println();
        o.print(outcome.table().markdown());
        o.println();
        o.println("runs: " + dir);
        o.println("written: " + outcome.markdown() + ", " + outcome.csv());
        o.flush();
        return ExitCodes.OK;
    }

    /** This command line without {@code --detach}: what finishes a detached reproduction. */
    private String againCommand() {
        List<String> args = new ArrayList<>(List.of("bin/runner"));
        for (String a : spec.root().commandLine().getParseResult().originalArgs()) {
            if (!a.equals("--detach")) args.add(a.isEmpty() || a.matches(".*[\\s'\"$`\\\\].*")
                    ? "'" + a.replace("'", "'\\''") + "'" : a);
        }
        return String.join(" ", args);
    }
}
