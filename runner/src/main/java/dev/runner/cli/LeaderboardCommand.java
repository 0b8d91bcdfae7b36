package dev.runner.cli;

import dev.runner.sweep.Leaderboard;
import dev.runner.sweep.SweepRunner;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runner leaderboard results/<sweep-name>}: the leaderboard of a sweep folder, written again and shown. */
@Command(name = "leaderboard", mixinStandardHelpOptions = true,
        description = "Write leaderboard.csv/.md/.html of a sweep's results folder and print it.")
final class LeaderboardCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "A sweep's results folder, e.g. results/competition.")
    Path dir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isRegularFile(dir.resolve(SweepRunner.SWEEP_JSON))) {
            throw new UsageException(dir + " is not a sweep's results folder (no " + SweepRunner.SWEEP_JSON + ")");
        }
        out.print(Leaderboard.write(dir).markdown());
        out.flush();
        return ExitCodes.OK;
    }
}
