package dev.runner.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The table's Markdown and CSV, against golden files (rewrite them with -Dgolden.update=true after a deliberate change). */
class ReproductionTableTest {
    static final Path GOLDEN = Path.of("src/test/resources/reproduce");

    static ReproductionTable table() {
        List<ReproductionRow> rows = List.of(
                new ReproductionRow("experiments/tutorials/jumpml-digits-pytorch.yaml", "jumpml-digits-pytorch",
                        "conv32k5-conv16k3-dense100-dropout-dense10", 0.9762, 0.98, List.of(0.9781, 0.9795, 0.9770),
                        3, 60000, 412.5, null, false),
                new ReproductionRow("experiments/tutorials/ese2000-lab4-cnn.yaml", "ese2000-lab4-cnn",
                        "CNNPoolingAndReadout", 0.8086, 0.8295, List.of(0.7712, 0.8305, 0.8021), 5, 60000, 3725,
                        null, false),
                new ReproductionRow("experiments/tutorials/fashion-mnist-lenet.yaml", "fashion-mnist-lenet",
                        "LeNet-5", null, 0.8929, List.of(0.8951), 10, 54000, 59, "no figure published", false),
                new ReproductionRow("experiments/tutorials/fidle-mnist-dnn.yaml", "fidle-mnist-dnn-cnn",
                        "DNN 784-100-100-10", 0.9012, null, List.of(0.9713), 32, 60000, 7300,
                        "not comparable: softmax over the batch", false));
        return new ReproductionTable(rows, new ReproductionTable.Context(3, false, List.of(), 11_497));
    }

    @Test
    void markdownMatchesTheGoldenFile() throws Exception {
        check("reproduction.md", table().markdown());
    }

    @Test
    void csvMatchesTheGoldenFile() throws Exception {
        check("reproduction.csv", table().csv());
    }

    @Test
    void quickTablesJudgeNothingAndSayWhy() {
        String md = new ReproductionTable(List.of(new ReproductionRow("x.yaml", "t", "m", 0.9, null,
                List.of(0.5), 1, 2000, 3, null, false)), new ReproductionTable.Context(1, true,
                List.of("training.epochs=1"), 3)).markdown();

        assertEquals(true, md.contains("--quick: a subset, figures not comparable, nothing judged"), md);
        assertEquals(true, md.contains("| not judged (--quick) |"), md);
        assertEquals(true, md.contains("Overrides: `training.epochs=1`."), md);
    }

    private static void check(String name, String actual) throws Exception {
        Path golden = GOLDEN.resolve(name);
        if (Boolean.getBoolean("golden.update")) Files.writeString(golden, actual, StandardCharsets.UTF_8);
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual);
    }
}
