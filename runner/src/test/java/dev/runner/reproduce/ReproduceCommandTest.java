package dev.runner.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.TestData;
import dev.runner.cli.CliRun;
import dev.runner.data.DatasetInfo;
import dev.runner.config.DatasetName;
import dev.runner.results.RunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
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
        // Each seed is an ordinary run in the reproduction's folder, with the seed recorded as an override.
        List<Path> runs = runFolders(tmp);
        assertEquals(4, runs.size(), runs.toString());
        List<String> jumpml = new ArrayList<>();
        for (Path r : runs) {
            String config = Files.readString(r.resolve("config.yaml"));
            if (config.contains("name: jumpml-digits-pytorch\n")) jumpml.add(config);
            assertEquals("completed", RunRecord.read(r.resolve("run.json")).statusText(), r.toString());
        }
        assertEquals(2, jumpml.size());
        String configs = String.join("", jumpml);
        assertTrue(configs.contains("seed: 1\n") && configs.contains("seed: 2\n"), configs);
    }

    /**
     * Runs in parallel, one JVM each, train what one worker trains: the same parameters, bit for bit, and the same
     * table; run again, nothing trains and the table comes back the same.
     */
    @Test
    void workersTrainTheSameRunsAsOneWorkerAndARerunTrainsNothing() throws Exception {
        Path data = TestData.ensure(DatasetInfo.of(DatasetName.MNIST));
        String[] common = {"reproduce", "--quick", "--seeds", "2", "--set", "dataset.train_limit=200",
                "--set", "dataset.validation_limit=50", "--set", "dataset.test_limit=100", "--data-dir",
                data.toString(), "../experiments/tutorials/jumpml-digits-pytorch.yaml",
                "../experiments/tutorials/fidle-mnist-cnn2.yaml"};
        Path one = tmp.resolve("one");
        Path two = tmp.resolve("two");
        CliRun first = CliRun.of(concat(common, "--out", one.toString()));
        CliRun parallel = CliRun.of(concat(common, "--out", two.toString(), "--workers", "2"));
        assertEquals(0, first.exitCode(), first.err() + first.out());
        assertEquals(0, parallel.exitCode(), parallel.err() + parallel.out());
        assertTrue(parallel.out().contains("reproduction: 4 points; 0 done, 4 to go"), parallel.out());

        Map<String, String> hashesOne = hashes(one);
        assertEquals(4, hashesOne.size(), hashesOne.toString());
        assertEquals(hashesOne, hashes(two));
        assertEquals(withoutSeconds(one.resolve("reproduction.csv")), withoutSeconds(two.resolve("reproduction.csv")));

        List<String> csv = withoutSeconds(two.resolve("reproduction.csv"));
        CliRun again = CliRun.of(concat(common, "--out", two.toString(), "--workers", "2"));
        assertEquals(0, again.exitCode(), again.err() + again.out());
        assertTrue(again.out().contains("reproduction: 4 points; 4 done, 0 to go"), again.out());
        assertEquals(hashesOne, hashes(two));
        assertEquals(csv, withoutSeconds(two.resolve("reproduction.csv")));
    }

    private static String[] concat(String[] a, String... b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }

    /** params_sha256 by run folder name. */
    private static Map<String, String> hashes(Path out) throws Exception {
        Map<String, String> m = new TreeMap<>();
        for (Path r : runFolders(out)) m.put(r.getFileName().toString(), RunRecord.read(r.resolve("run.json")).paramsSha256());
        return m;
    }

    /** The table's CSV without its seconds column, which is timing. */
    private static List<String> withoutSeconds(Path csv) throws Exception {
        List<String> out = new ArrayList<>();
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(Files.newBufferedReader(csv))) {
            for (CSVRecord r : parser) {
                Map<String, String> row = new TreeMap<>(r.toMap());
                row.remove("seconds");
                out.add(row.toString());
            }
        }
        return out;
    }

    /** The run folders of a reproduction into {@code out}. */
    static List<Path> runFolders(Path out) throws Exception {
        try (var s = Files.list(out.resolve("reproduction"))) {
            return s.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().startsWith("."))
                    .sorted().toList();
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
        List<Path> runs = runFolders(tmp);
        assertEquals(1, runs.size(), runs.toString());
        Path runDir = runs.get(0);
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
        assertTrue(!Files.exists(tmp.resolve("out").resolve("reproduction")), "nothing ran");
    }

    @Test
    void aMissingPathIsAUsageError() {
        CliRun run = CliRun.of("reproduce", tmp.resolve("nope").toString());

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("no such file or directory"), run.err());
    }
}
