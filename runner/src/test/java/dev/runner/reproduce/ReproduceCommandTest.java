package dev.runner.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.TestData;
import dev.runner.cli.CliRun;
import dev.runner.data.DatasetInfo;
import dev.runner.config.DatasetName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runner reproduce --quick} end to end through the command line, on a few hundred images per model. */
class ReproduceCommandTest {
    @TempDir
    Path tmp;

    @Test
    void quickReproductionOfTwoTutorialsRunsAndWritesTheTable() throws Exception {
        Path data = TestData.ensure(DatasetInfo.of(DatasetName.MNIST));
        Path tutorials = Path.of("../experiments/tutorials");

        CliRun run = CliRun.of("reproduce", "--quick", "--seeds", "2",
                "--set", "dataset.train_limit=256", "--set", "dataset.validation_limit=64",
                "--set", "dataset.test_limit=128",
                "--data-dir", data.toString(), "--out", tmp.toString(),
                tutorials.resolve("jumpml-digits-pytorch.yaml").toString(),
                tutorials.resolve("ese2000-lab4-cnn.yaml").toString());

        assertEquals(0, run.exitCode(), run.err() + run.out());
        String md = Files.readString(tmp.resolve("reproduction.md"));
        assertTrue(md.contains("| jumpml-digits-pytorch | conv32k5-conv16k3-dense100-dropout-dense10 | 97.62 | 98.00 |"),
                md);
        assertTrue(md.contains("| ese2000-lab4-cnn |"), md);
        assertTrue(md.contains("1 ep × 256 img"), md);
        assertTrue(md.contains("| not judged (--quick) |"), md);
        assertTrue(run.out().contains(md.substring(0, 40)), "the table is printed too");
        List<String> csv = Files.readAllLines(tmp.resolve("reproduction.csv"));
        assertEquals(3, csv.size(), String.join("\n", csv));
        assertTrue(csv.get(1).contains(",2,"), "two seeds: " + csv.get(1));
        // Each seed is an ordinary run, with the seed recorded as an override.
        try (var s = Files.list(tmp.resolve("jumpml-digits-pytorch"))) {
            List<Path> runs = s.toList();
            assertEquals(2, runs.size());
            String configs = Files.readString(runs.get(0).resolve("config.yaml"))
                    + Files.readString(runs.get(1).resolve("config.yaml"));
            assertTrue(configs.contains("seed: 1\n") && configs.contains("seed: 2\n"), configs);
        }
    }

    /** An extra evaluation set is a row of its own, with its own reference figure, from the same runs. */
    @Test
    void anExtraEvaluationSetGetsItsOwnRow() throws Exception {
        Path data = TestData.ensure(DatasetInfo.of(DatasetName.FASHION_MNIST));
        CliRun run = CliRun.of("reproduce", "--quick",
                "--set", "dataset.train_limit=256", "--set", "dataset.validation_limit=64",
                "--set", "dataset.test_limit=128",
                "--data-dir", data.toString(), "--out", tmp.toString(),
                "../experiments/tutorials/fashion-mnist-lenet.yaml");

        assertEquals(0, run.exitCode(), run.err() + run.out());
        String md = Files.readString(tmp.resolve("reproduction.md"));
        assertTrue(md.contains("1 experiment, 1 seed each"), md);
        assertTrue(md.contains("| fashion-mnist-lenet | LeNet-5 | – | 89.29 |"), md);
        assertTrue(md.contains("| fashion-mnist-lenet | LeNet-5, rotated_test | – | 67.07 |"), md);
        List<String> csv = Files.readAllLines(tmp.resolve("reproduction.csv"));
        assertEquals(3, csv.size(), String.join("\n", csv));
        Path runDir;
        try (var s = Files.list(tmp.resolve("fashion-mnist-lenet"))) {
            runDir = s.toList().get(0);
        }
        List<String> metrics = Files.readAllLines(runDir.resolve("metrics.csv"));
        List<String> header = List.of(metrics.get(0).split(","));
        String rotated = metrics.get(1).split(",")[header.indexOf("rotated_test_accuracy")];
        assertTrue(csv.get(2).contains("," + rotated + ","), rotated + " in " + csv.get(2));
    }

    @Test
    void fewerEpochsThanTheFileAreComparedWithThatEpochsFigures() throws Exception {
        Path data = TestData.ensure(DatasetInfo.of(DatasetName.MNIST));

        CliRun run = CliRun.of("reproduce", "--set", "training.epochs=1", "--set", "dataset.train_limit=128",
                "--set", "dataset.test_limit=100", "--data-dir", data.toString(), "--out", tmp.toString(),
                "../experiments/tutorials/jumpml-digits-pytorch.yaml");

        assertEquals(0, run.exitCode(), run.err() + run.out());
        String md = Files.readString(tmp.resolve("reproduction.md"));
        // The published epoch-1 figure (96.36) and PyTorch's (95.43) beside ours; 128 images are not the file's
        // 60,000, so nothing is judged.
        assertTrue(md.contains("| 96.36 | 95.43 |"), md);
        assertTrue(md.contains("| not judged (subset of the data) |"), md);
        assertTrue(md.contains("1 of the file's 3 epochs; reference figures at epoch 1"), md);
    }

    @Test
    void anInvalidFileStopsBeforeAnythingTrains() throws Exception {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "name: bad\nseed: 1\n");

        CliRun run = CliRun.of("reproduce", "--quick", "--out", tmp.resolve("out").toString(),
                "../experiments/tutorials/ese2000-lab4-cnn.yaml", bad.toString());

        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("bad.yaml"), run.err());
        assertTrue(!Files.exists(tmp.resolve("out").resolve("ese2000-lab4-cnn")), "nothing ran");
    }

    @Test
    void aMissingPathIsAUsageError() {
        CliRun run = CliRun.of("reproduce", tmp.resolve("nope").toString());

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("no such file or directory"), run.err());
    }
}
