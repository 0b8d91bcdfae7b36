package dev.runner.cli;

import dev.runner.compare.Comparison;
import dev.runner.compare.ComparisonWriter;
import dev.runner.compare.RunScanner;
import dev.runner.results.RunLayout;
import dev.runner.util.AtomicFiles;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runner compare [DIR|RUN]...}: a table across runs, printed and written as CSV, Markdown and HTML. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare completed runs: one row per run with the hyperparameters that differ between them "
                + "(the rest on a 'same in all' line), parameters, epochs, final and best validation and test "
                + "accuracy, training time and images/s. Runs that differ only in seed are one row, mean ± std.",
                "Prints the table and writes comparison.csv, comparison.md and comparison.html."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:success",
                "1:failure (no completed run found, unreadable results, files not written)",
                "2:usage error (no such path, unknown column, sort key or filter key)"})
final class CompareCommand implements Callable<Integer> {
    static final Path DEFAULT_RESULTS = Path.of("results");

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "DIR|RUN",
            description = "Results roots, experiment folders or run folders (default: results).")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--sort", paramLabel = "COLUMN", split = ",",
            description = "Sort by these columns (comma-separated or repeated); -COLUMN or COLUMN:desc sorts "
                    + "descending. Default: name, then run id.")
    List<String> sort = new ArrayList<>();

    @Option(names = "--filter", paramLabel = "KEY=VALUE",
            description = "Keep runs whose KEY (a column, or any config key such as optimizer.sgd.lr) equals VALUE "
                    + "(numbers compared as numbers, * and ? as wildcards); KEY!=VALUE keeps the others. Repeatable; "
                    + "all must hold.")
    List<String> filters = new ArrayList<>();

    @Option(names = "--columns", paramLabel = "a,b,c", split = ",",
            description = "Show exactly these columns, in this order (any column or config key).")
    List<String> columns = new ArrayList<>();

    @Option(names = "--no-group", description = "One row per run, even for runs that differ only in seed.")
    boolean noGroup;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where comparison.csv/.md/.html go. Default: the one DIR given, else results.")
    Path out;

    @CommandLine.Mixin
    DebugOption debug = new DebugOption();

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> roots = paths.isEmpty() ? List.of(DEFAULT_RESULTS) : paths;
        for (Path p : roots) {
            if (!Files.isDirectory(p)) {
                if (paths.isEmpty()) {
                    throw new CommandFailure("no results folder here (" + p.toAbsolutePath() + "); run an "
                            + "experiment first, or name the folders to compare");
                }
                throw new CommandLine.ParameterException(spec.commandLine(), "not a directory: " + p);
            }
        }
        RunScanner.Scan scan = new RunScanner().scan(roots);
        for (String note : scan.skipped()) err.println("runner: skipping " + note);
        err.flush();
        if (scan.runs().isEmpty()) {
            throw new CommandFailure("no completed run found in " + String.join(", ", roots.stream()
                    .map(Path::toString).toList()));
        }
        Comparison.Table table;
        try {
            table = Comparison.build(scan.runs(), new Comparison.Options(filters, sort, columns, !noGroup));
        } catch (Comparison.UsageException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (table.rows().isEmpty()) {
            throw new CommandFailure("no run passes the filters (" + scan.runs().size() + " completed runs found)");
        }
        stdout.print(ComparisonWriter.text(table));
        Path dir = out != null ? out
                : paths.size() == 1 && !isRunFolder(paths.get(0)) ? paths.get(0) : DEFAULT_RESULTS;
        Files.createDirectories(dir);
        List<String> written = new ArrayList<>();
        for (Map.Entry<String, String> f : ComparisonWriter.files(table).entrySet()) {
            Path file = dir.resolve(f.getKey());
            AtomicFiles.writeString(file, f.getValue());
            written.add(file.toString());
        }
        stdout.println();
        stdout.println("wrote " + String.join(", ", written));
        stdout.flush();
        return ExitCodes.OK;
    }

    private static boolean isRunFolder(Path p) {
        return Files.isRegularFile(p.resolve(RunLayout.RECORD)) || Files.isRegularFile(p.resolve(RunLayout.CONFIG));
    }
}
