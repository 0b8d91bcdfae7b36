package dev.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.TestData;
import dev.runner.data.DatasetInfo;
import dev.runner.results.RunRecord;
import dev.runner.results.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runner SWEEP.yaml} through the command line: detection, checking every point first, resume, leaderboard. */
class SweepCommandTest {
    private static Path dataDir;

    @TempDir
    Path dir;

    @BeforeAll
    static void data() throws Exception {
        dataDir = TestData.ensure(DatasetInfo.MNIST);
    }

    private Path sweep(String grid) throws Exception {
        return Files.writeString(dir.resolve("s.yaml"), "extends: "
                + TestData.checkout().resolve("experiments/quick.yaml") + "\n" + """
                name: tiny
                dataset: {train_limit: 100, validation_limit: 50, test_limit: 50}
                training: {epochs: 1}
                sweep:
                  grid:
                %s
                rank_by: val_loss
                """.formatted(grid));
    }

    private CliRun run(Path file, String... extra) {
        String[] args = new String[extra.length + 5];
        args[0] = file.toString();
        args[1] = "--out";
        args[2] = dir.resolve("results").toString();
        args[3] = "--data-dir";
        args[4] = dataDir.toString();
        System.arraycopy(extra, 0, args, 5, extra.length);
        return CliRun.of(args);
    }

    @Test
    void anInvalidPointStopsTheSweepBeforeAnythingTrains() throws Exception {
        CliRun r = run(sweep("    model.layers[4].dense.units: [8, 0]"));
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().startsWith("runner: sweep point 2 of 2 (model.layers[4].dense.units=0) is invalid; "
                + "nothing was trained:\n"), r.err());
        assertFalse(Files.exists(dir.resolve("results")), "no folder made");
        // The sweep subcommand and 'run' are the same sweep.
        for (String command : new String[] {"sweep", "run"}) {
            CliRun same = CliRun.of(command, dir.resolve("s.yaml").toString(), "--out",
                    dir.resolve("results").toString(), "--data-dir", dataDir.toString());
            assertEquals(2, same.exitCode(), command);
            assertEquals(r.err(), same.err(), command);
            assertEquals(r.out(), same.out(), command);
        }
        assertFalse(Files.exists(dir.resolve("results")), "no folder made");
        CliRun validate = CliRun.of("validate", dir.resolve("s.yaml").toString());
        assertEquals(2, validate.exitCode());
        assertTrue(validate.err().startsWith("runner: sweep point 2 of 2"), validate.err());
    }

    @Test
    void validateChecksEveryPointOfTheShippedCompetition() {
        CliRun r = CliRun.of("validate", TestData.checkout().resolve("experiments/competition.yaml").toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().endsWith("competition.yaml: valid sweep 'competition', 6 points, ranked by val_accuracy; "
                + "swept: optimizer.adam.lr, transforms.train[0].random_crop.padding, "
                + "transforms.train[1].random_horizontal_flip.p, model.layers[7].dropout.rate, "
                + "model.layers[18].dropout.rate\n"), r.out());
        assertEquals("", r.err());
    }

    /** A data folder with good MNIST and a corrupt Fashion-MNIST: the fashion point fails when it loads its data. */
    private Path halfBrokenData() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data.resolve("fashion-mnist"));
        Files.createSymbolicLink(data.resolve("mnist"), dataDir.resolve("mnist").toAbsolutePath());
        for (String f : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
            "t10k-labels-idx1-ubyte"}) {
            Files.write(data.resolve("fashion-mnist").resolve(f), new byte[] {1, 2, 3});
        }
        return data;
    }

    @Test
    void aFailingPointDoesNotStopTheOthersUnlessFailFast() throws Exception {
        Path file = sweep("    dataset.name: [fashion-mnist, mnist]");
        Path data = halfBrokenData();
        String[] common = {file.toString(), "--out", dir.resolve("results").toString(), "--data-dir", data.toString()};
        CliRun r = CliRun.of(common);
        assertEquals(1, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("FAILED: "), r.out());
        assertTrue(r.err().contains("runner: 1 point(s) failed (they rerun next time):\n  point 1 "), r.err());
        assertTrue(r.err().contains("point.log"), r.err());
        assertTrue(r.out().contains("[2/2] point 2 "), r.out());
        assertTrue(Files.readString(dir.resolve("results/tiny/leaderboard.csv")).contains("\n1,mnist,"));

        CliRun again = CliRun.of(java.util.stream.Stream.concat(java.util.Arrays.stream(common),
                java.util.stream.Stream.of("--fail-fast")).toArray(String[]::new));
        assertEquals(1, again.exitCode());
        assertTrue(again.out().startsWith("tiny: 2 points; 1 done, 1 failed (rerunning), 0 to go\n"), again.out());

        CliRun fresh = CliRun.of(file.toString(), "--out", dir.resolve("other").toString(), "--data-dir",
                data.toString(), "--fail-fast");
        assertEquals(1, fresh.exitCode());
        assertFalse(fresh.out().contains("point 2 "), fresh.out());
        assertTrue(fresh.err().contains("runner: 1 point(s) not run or interrupted"), fresh.err());
    }

    @Test
    void theSweepSubcommandWantsASweepFile() {
        String quick = TestData.checkout().resolve("experiments/quick.yaml").toString();
        CliRun r = CliRun.of("sweep", quick);
        assertEquals(2, r.exitCode());
        assertEquals("runner: " + quick + " has no sweep: section; run it as one experiment: runner " + quick + "\n",
                r.err());
        CliRun missing = CliRun.of("sweep", dir.resolve("nothere.yaml").toString());
        assertEquals(2, missing.exitCode());
        assertEquals(dir.resolve("nothere.yaml") + ": no such file\n", missing.err());
        CliRun help = CliRun.of("sweep", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().startsWith("Usage: runner sweep "), help.out());
        assertTrue(help.out().contains("--workers=N"), help.out());
        assertTrue(help.out().contains("--debug"), help.out());
    }

    @Test
    void sweepOptionsOnASingleExperimentAreAUsageError() {
        CliRun r = CliRun.of(TestData.checkout().resolve("experiments/quick.yaml").toString(), "--workers", "2");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--workers, --dry-run and --fail-fast apply to sweep files"), r.err());
    }

    @Test
    void runsThenSkipsWhatIsDoneAndWritesTheLeaderboard() throws Exception {
        Path file = sweep("    optimizer.sgd.lr: [0.1, 0.01]");
        CliRun first = run(file);
        assertEquals(0, first.exitCode(), first.out() + first.err());
        assertTrue(first.out().startsWith("tiny: 2 points; 0 done, 2 to go\n"), first.out());
        Path tiny = dir.resolve("results/tiny");
        for (String f : new String[] {"leaderboard.csv", "leaderboard.md", "leaderboard.html", "sweep.json"}) {
            assertTrue(Files.isRegularFile(tiny.resolve(f)), f);
        }
        assertTrue(first.out().contains("| rank | optimizer.sgd.lr | val_loss | seeds |"), first.out());
        String csv = Files.readString(tiny.resolve("leaderboard.csv"));
        assertTrue(csv.startsWith("rank,optimizer.sgd.lr,val_loss_mean,val_loss_std,seeds_completed,seeds_planned,"
                + "test_accuracy_mean,test_accuracy_std,runs\n1,"), csv);
        CliRun again = run(file);
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().startsWith("tiny: 2 points; 2 done, 0 to go\n"), again.out());
        assertFalse(again.out().contains("[1/2]"), again.out());
        CliRun board = CliRun.of("leaderboard", tiny.toString());
        assertEquals(0, board.exitCode(), board.err());
        assertTrue(board.out().startsWith("# Leaderboard: tiny\n"), board.out());
    }

    @Test
    void aBudgetLeavesOutWhatDoesNotFitAndTheyStayToGo() throws Exception {
        Path file = sweep("    optimizer.sgd.lr: [0.1, 0.01]");
        CliRun bad = run(file, "--budget", "5x");
        assertEquals(2, bad.exitCode());
        assertEquals("runner: --budget must be a duration such as 90s, 30m, 1h or 2h30m (whole hours, minutes and "
                + "seconds, more than zero), got '5x'\n", bad.err());
        // One second cannot hold the timing run, let alone a point: both are left out, untouched, still to go.
        CliRun r = run(file, "--budget", "1s");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("\nbudget 1s: 0 point(s) started, 2 left out (still to go: run the sweep again, "
                + "with a larger budget, to train them); "), r.out());
        CliRun dry = run(file, "--dry-run");
        assertTrue(dry.out().contains("0 done, 2 to go"), dry.out());
    }

    @Test
    void aBadBudgetInTheFileIsAPositionedError() throws Exception {
        Path file = Files.writeString(dir.resolve("b.yaml"), "extends: "
                + TestData.checkout().resolve("experiments/quick.yaml") + "\n" + """
                sweep:
                  grid:
                    optimizer.sgd.lr: [0.1, 0.01]
                  budget: 1 hour
                """);
        CliRun r = CliRun.of("validate", file.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains(file + ":5:11: sweep.budget must be a duration such as 90s, 30m, 1h or 2h30m "
                + "(whole hours, minutes and seconds, more than zero), got \"1 hour\""), r.err());
        Files.writeString(file, Files.readString(file).replace("1 hour", "2h30m"));
        assertEquals(0, CliRun.of("validate", file.toString()).exitCode());
    }

    private Path pruningSweep(int epochs, String halving) throws Exception {
        return Files.writeString(dir.resolve("p.yaml"), "extends: "
                + TestData.checkout().resolve("experiments/quick.yaml") + "\n" + """
                name: halving
                dataset: {train_limit: 300, validation_limit: 100, test_limit: 50}
                training: {epochs: %d}
                sweep:
                  grid:
                    optimizer.sgd.lr: [0.05, 0.01, 0.002, 0.0005]
                  prune: {successive_halving: %s}
                rank_by: val_loss
                """.formatted(epochs, halving));
    }

    @Test
    void successiveHalvingPrunesPointsAtTheRungAndTheyStayPruned() throws Exception {
        Path file = pruningSweep(2, "{min_epochs: 1, reduction_factor: 2}");
        CliRun r = run(file);
        assertEquals(0, r.exitCode(), r.out() + r.err());
        Path sweepDir = dir.resolve("results/halving");
        List<String> rung = Files.readAllLines(sweepDir.resolve("rungs.csv"));
        assertEquals(4, rung.size(), "every point reached rung 1: " + rung);
        assertTrue(rung.stream().allMatch(l -> l.startsWith("1,")), rung.toString());
        int pruned = 0;
        for (String line : rung) {
            String id = line.split(",")[1];
            RunRecord.Stored run = RunRecord.read(sweepDir.resolve(id).resolve("run.json"));
            if (run.is(RunStatus.PRUNED)) {
                pruned++;
                assertEquals(1, run.epochsCompleted(), id);
                assertTrue(Files.readString(sweepDir.resolve(id).resolve("run.json"))
                        .contains("\"pruned_after_epoch\" : 1"), id);
            } else {
                assertTrue(run.is(RunStatus.COMPLETED), id);
                assertEquals(2, run.epochsCompleted(), id);
            }
        }
        assertTrue(pruned >= 1 && pruned < 4, pruned + " pruned; " + r.out());
        assertTrue(r.out().contains("4 point(s) ran, " + pruned + " of them pruned\n"), r.out());
        // The leaderboard lists them after the ranked rows, with the value at the epoch they reached.
        String md = Files.readString(sweepDir.resolve("leaderboard.md"));
        List<String> rows = md.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| rank")).toList();
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(i >= 4 - pruned, rows.get(i).contains("pruned after epoch 1: "), md);
        }
        String html = Files.readString(sweepDir.resolve("leaderboard.html"));
        assertEquals(pruned, html.split("<tr class=\"pruned\">", -1).length - 1);
        assertEquals(pruned, html.split("stroke-dasharray=\"4 3\"", -1).length - 1, "pruned lines faint");
        // Run again: nothing is rerun.
        CliRun again = run(file);
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains((4 - pruned) + " done, " + pruned + " pruned, 0 to go"), again.out());
        assertTrue(again.out().contains("0 point(s) ran, 0 of them pruned"), again.out());
        assertEquals(4, Files.readAllLines(sweepDir.resolve("rungs.csv")).size());
    }

    @Test
    void pruningNeedsEpochsToPruneAcross() throws Exception {
        Path file = pruningSweep(2, "{min_epochs: 2, reduction_factor: 2}");
        CliRun r = CliRun.of("validate", file.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().startsWith("runner: sweep point 1 of 4 (optimizer.sgd.lr=0.05 seed=7) is invalid; "
                + "nothing was trained:\n" + file + ":8:44: min_epochs 2 leaves no epochs to prune across: point "
                + "optimizer.sgd.lr=0.05 seed=7 trains 2 epoch(s); min_epochs must be below every point's "
                + "training.epochs"), r.err());
        Files.writeString(file, Files.readString(file).replace("min_epochs: 2, reduction_factor: 2",
                "min_epochs: 0, reduction_factor: 1, rungs: 3"));
        CliRun bad = CliRun.of("validate", file.toString());
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains(":8:44: min_epochs must be at least 1, got 0"), bad.err());
        assertTrue(bad.err().contains(":8:65: reduction_factor must be at least 2, got 1"), bad.err());
        assertTrue(bad.err().contains(":8:68: unknown key 'rungs' in successive_halving"), bad.err());
    }
}
