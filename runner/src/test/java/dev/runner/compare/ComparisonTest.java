package dev.runner.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Differing keys, seed groups, sorting, filtering and column choice on runs made in memory. */
class ComparisonTest {

    /** A quick-like run; {@code extra} adds or replaces YAML lines at the end (simple top-level keys). */
    private static RunFolder run(String id, long seed, String lr, String batch, List<Double> val, List<Double> test,
                                 double seconds, double ips) {
        String yaml = """
                name: quick
                description: anything
                seed: %d
                dataset:
                  name: mnist
                  validation_split: 0.1
                model:
                  layers:
                  - dense:
                      units: 10
                optimizer:
                  sgd:
                    lr: %s
                    momentum: 0.9
                training:
                  epochs: %d
                  batch_size: %s
                """.formatted(seed, lr, test.size(), batch);
        return new RunFolder(Path.of("/r/quick/" + id), "quick", id, seed, ConfigFlattener.flatten(yaml), 7850L,
                test.size(), val, test, seconds, ips);
    }

    private static List<RunFolder> runs() {
        List<RunFolder> runs = new ArrayList<>();
        runs.add(run("a", 1, "0.05", "32", List.of(0.80, 0.90), List.of(0.78, 0.88), 10, 500));
        runs.add(run("b", 2, "0.05", "32", List.of(0.82, 0.92), List.of(0.80, 0.91), 12, 400));
        runs.add(run("c", 3, "0.05", "32", List.of(0.81, 0.85), List.of(0.79, 0.85), 14, 600));
        runs.add(run("d", 1, "0.1", "32", List.of(0.70, 0.75), List.of(0.69, 0.74), 11, 450));
        runs.add(run("e", 1, "0.1", "64", List.of(0.60, 0.65), List.of(0.59, 0.64), 9, 700));
        return runs;
    }

    private static List<String> ids(Comparison.Table t) {
        return t.columns().stream().map(Comparison.Column::id).toList();
    }

    private static List<String> column(Comparison.Table t, String id) {
        return t.rows().stream().map(r -> r.cell(id).text()).toList();
    }

    @Test
    void onlyKeysThatDifferBecomeColumnsTheRestGoToTheHeader() {
        Comparison.Table t = Comparison.build(runs(), new Comparison.Options(List.of(), List.of(), List.of(), false));
        assertEquals(List.of("name", "run_id", "seed", "optimizer.sgd.lr", "training.batch_size", "parameters",
                "epochs", "val_accuracy", "best_val_accuracy", "test_accuracy", "best_test_accuracy", "train_seconds",
                "images_per_second"), ids(t));
        Map<String, String> common = new LinkedHashMap<>();
        common.put("dataset.name", "mnist");
        common.put("dataset.validation_split", "0.1");
        common.put("model.layers[0].dense.units", "10");
        common.put("optimizer.sgd.momentum", "0.9");
        common.put("training.epochs", "2");
        assertEquals(common, t.common(), "name and description are neither columns nor header values");
        assertEquals(5, t.rows().size());
        assertEquals(List.of("1", "2", "3", "1", "1"), column(t, "seed"));
    }

    /** A section only some runs have is one column of summaries, blank where absent, not a column per leaf. */
    @Test
    void aSectionOnlySomeRunsHaveIsOneColumn() {
        List<RunFolder> runs = new ArrayList<>(runs().subList(0, 1));
        RunFolder plain = runs().get(3);
        String yaml = "name: quick\nseed: 1\ndataset: {name: mnist}\nmodel: {layers: [{dense: {units: 10}}]}\n"
                + "optimizer: {sgd: {lr: 0.1, momentum: 0.9}}\ntraining: {epochs: 2, batch_size: 32}\n"
                + "checkpoint: {monitor: val_loss, mode: min}\n"
                + "evaluation: {rotated: {split: test, transforms: [{random_rotation: {degrees: 25.0, fill: 0.0}}]}}\n";
        runs.add(new RunFolder(Path.of("/r/quick/f"), "quick", "f", 1, ConfigFlattener.flatten(yaml), 7850L, 2,
                plain.valAccuracy(), plain.testAccuracy(), 10.0, 500.0, 1));
        Comparison.Table t = Comparison.build(runs, new Comparison.Options(List.of(), List.of(), List.of(), false));
        assertTrue(ids(t).contains("checkpoint") && ids(t).contains("evaluation"), ids(t).toString());
        assertTrue(ids(t).stream().noneMatch(id -> id.startsWith("checkpoint.") || id.startsWith("evaluation.")),
                ids(t).toString());
        assertEquals(List.of("", "{monitor: val_loss, mode: min}"), column(t, "checkpoint"));
        // The checkpoint's epoch (1) is the best model: its validation and test figures, not the highest ones.
        assertEquals(List.of("0.9000", "0.7000"), column(t, "best_val_accuracy"));
        assertEquals(List.of("0.8800", "0.6900"), column(t, "best_test_accuracy"));
    }

    @Test
    void runsDifferingOnlyInSeedAreOneRowWithMeanAndSampleStd() {
        Comparison.Table t = Comparison.build(runs(), Comparison.Options.defaults());
        assertEquals(3, t.rows().size());
        assertEquals(5, t.runCount());
        Comparison.Row g = t.rows().get(0);
        assertEquals(List.of("a", "b", "c"), g.runs().stream().map(RunFolder::runId).toList());
        assertEquals("3", g.cell("runs").text());
        assertEquals("1,2,3", g.cell("seed").text());
        assertEquals("a +2", g.cell("run_id").text());
        assertEquals("a b c", g.cell("run_id").csv());
        // final test accuracy 0.88, 0.91, 0.85: mean 0.88, sample std sqrt((0 + 0.0009 + 0.0009) / 2) = 0.03
        assertEquals("0.8800 ± 0.0300", g.cell("test_accuracy").text());
        assertEquals(0.88, g.cell("test_accuracy").value(), 1e-12);
        assertEquals(0.03, g.cell("test_accuracy").std(), 1e-12);
        // best validation accuracy 0.90, 0.92, 0.85: mean 0.89, std sqrt((0.0001 + 0.0009 + 0.0016) / 2)
        assertEquals(Math.sqrt(0.0013), g.cell("best_val_accuracy").std(), 1e-12);
        assertEquals("0.8900 ± 0.0361", g.cell("best_val_accuracy").text());
        assertEquals("12.0 ± 2.0", g.cell("train_seconds").text());
        assertEquals("500 ± 100", g.cell("images_per_second").text());
        assertEquals("7850", g.cell("parameters").text(), "equal values are shown once, without a spread");
        // seed differs only inside the group, so it is still a column; the other rows are single runs
        assertTrue(ids(t).contains("seed"));
        assertEquals("0.7400", t.rows().get(1).cell("test_accuracy").text());
    }

    @Test
    void sortByAnyColumnAscendingOrDescending() {
        Comparison.Options o = new Comparison.Options(List.of(), List.of("-test_accuracy"), List.of(), false);
        assertEquals(List.of("b", "a", "c", "d", "e"),
                Comparison.build(runs(), o).rows().stream().map(r -> r.cell("run_id").text()).toList());
        o = new Comparison.Options(List.of(), List.of("training.batch_size:desc", "images_per_second"), List.of(),
                false);
        assertEquals(List.of("e", "b", "d", "a", "c"),
                Comparison.build(runs(), o).rows().stream().map(r -> r.cell("run_id").text()).toList());
        o = new Comparison.Options(List.of(), List.of("optimizer.sgd.lr", "-seed"), List.of(), false);
        assertEquals(List.of("c", "b", "a", "d", "e"),
                Comparison.build(runs(), o).rows().stream().map(r -> r.cell("run_id").text()).toList());
    }

    @Test
    void filtersKeepMatchingRunsAndDifferingKeysFollowTheFilter() {
        Comparison.Options o = new Comparison.Options(List.of("optimizer.sgd.lr=0.10"), List.of(), List.of(), true);
        Comparison.Table t = Comparison.build(runs(), o);
        assertEquals(List.of("d", "e"), t.rows().stream().map(r -> r.cell("run_id").text()).toList(),
                "numbers compare as numbers");
        assertEquals(List.of("name", "run_id", "training.batch_size", "parameters", "epochs", "val_accuracy",
                "best_val_accuracy", "test_accuracy", "best_test_accuracy", "train_seconds", "images_per_second"),
                ids(t), "lr and seed are equal in what is left");
        assertEquals("0.1", t.common().get("optimizer.sgd.lr"));

        o = new Comparison.Options(List.of("training.batch_size!=64", "seed=1"), List.of(), List.of(), true);
        assertEquals(List.of("a", "d"),
                Comparison.build(runs(), o).rows().stream().map(r -> r.cell("run_id").text()).toList());
        o = new Comparison.Options(List.of("name=qu*", "run_id=?"), List.of(), List.of(), true);
        assertEquals(5, Comparison.build(runs(), o).runCount());
    }

    @Test
    void columnsChooseAndOrderAnyColumnOrConfigKey() {
        Comparison.Options o = new Comparison.Options(List.of(), List.of(), List.of("test_accuracy", "run_id",
                "optimizer.sgd.momentum", "optimizer"), true);
        Comparison.Table t = Comparison.build(runs(), o);
        assertEquals(List.of("test_accuracy", "run_id", "optimizer.sgd.momentum", "optimizer"), ids(t));
        assertEquals("0.9", t.rows().get(0).cell("optimizer.sgd.momentum").text());
        assertEquals("{sgd: {lr: 0.05, momentum: 0.9}}", t.rows().get(0).cell("optimizer").text());
    }

    @Test
    void unknownNamesAreUsageErrors() {
        Comparison.UsageException e = assertThrows(Comparison.UsageException.class, () -> Comparison.build(runs(),
                new Comparison.Options(List.of(), List.of(), List.of("name", "accuracy"), true)));
        assertTrue(e.getMessage().startsWith("unknown column 'accuracy'; the columns are name, run_id, runs, "
                + "parameters, epochs, val_accuracy,"), e.getMessage());
        assertThrows(Comparison.UsageException.class, () -> Comparison.build(runs(),
                new Comparison.Options(List.of(), List.of("-bogus"), List.of(), true)));
        assertThrows(Comparison.UsageException.class, () -> Comparison.build(runs(),
                new Comparison.Options(List.of("bogus=1"), List.of(), List.of(), true)));
        assertThrows(Comparison.UsageException.class, () -> Comparison.build(runs(),
                new Comparison.Options(List.of("lr"), List.of(), List.of(), true)));
    }

    @Test
    void partsWithAnotherStructureAreOneColumn() {
        String adam = """
                name: other
                seed: 1
                dataset:
                  name: mnist
                  validation_split: 0.1
                model:
                  layers:
                  - flatten
                  - dense:
                      units: 10
                optimizer:
                  adam:
                    lr: 0.001
                training:
                  epochs: 2
                  batch_size: 32
                """;
        List<RunFolder> runs = new ArrayList<>(runs().subList(0, 1));
        runs.add(new RunFolder(Path.of("/r/other/x"), "other", "x", 1, ConfigFlattener.flatten(adam), 7850L, 2,
                List.of(0.5, 0.6), List.of(0.5, 0.6), 10.0, 100.0));
        Comparison.Table t = Comparison.build(runs, Comparison.Options.defaults());
        assertEquals(List.of("name", "run_id", "model.layers", "optimizer", "parameters", "epochs", "val_accuracy",
                "best_val_accuracy", "test_accuracy", "best_test_accuracy", "train_seconds", "images_per_second"),
                ids(t), "not optimizer.sgd.lr, optimizer.adam.lr, model.layers[0]... separately");
        assertEquals(List.of("flatten dense", "dense"), column(t, "model.layers"));
        assertEquals(List.of("{adam: {lr: 0.001}}", "{sgd: {lr: 0.05, momentum: 0.9}}"), column(t, "optimizer"));
    }

    @Test
    void runsWithoutValidationLeaveOutTheValidationColumns() {
        List<RunFolder> runs = new ArrayList<>();
        for (RunFolder r : runs().subList(3, 5)) {
            runs.add(new RunFolder(r.dir(), r.name(), r.runId(), r.seed(), r.flat(), r.parameters(), r.epochs(),
                    List.of(Double.NaN, Double.NaN), r.testAccuracy(), r.trainSeconds(), r.imagesPerSecond()));
        }
        Comparison.Table t = Comparison.build(runs, Comparison.Options.defaults());
        assertTrue(!ids(t).contains("val_accuracy") && !ids(t).contains("best_val_accuracy"), ids(t).toString());
    }
}
