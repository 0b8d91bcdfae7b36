package dev.runner.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.TestData;
import dev.runner.config.ExperimentLoader;
import dev.runner.config.InvalidExperimentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expanding sweep files into plans: no training, no data. */
class SweepPlanTest {
    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private String base() {
        return "extends: " + TestData.checkout().resolve("experiments/quick.yaml") + "\nname: sw\n";
    }

    private SweepPlan plan(Path file, List<String> overrides) throws Exception {
        try (ExperimentLoader loader = new ExperimentLoader()) {
            return SweepPlan.expand(SweepFile.load(loader, file), overrides, loader);
        }
    }

    @Test
    void gridIsTheCartesianProductFirstKeySlowestTimesSeeds() throws Exception {
        Path f = file("g.yaml", base() + """
                sweep:
                  grid:
                    optimizer.sgd.lr: [0.1, 0.01, 0.001]
                    training.batch_size: [32, 64]
                  seeds: [1, 2]
                """);
        SweepPlan plan = plan(f, List.of());
        assertEquals(12, plan.points().size());
        assertEquals(List.of("optimizer.sgd.lr", "training.batch_size"), plan.parameters());
        assertEquals("optimizer.sgd.lr=0.1 training.batch_size=32 seed=1", plan.points().get(0).describe());
        assertEquals("optimizer.sgd.lr=0.1 training.batch_size=32 seed=2", plan.points().get(1).describe());
        assertEquals("optimizer.sgd.lr=0.1 training.batch_size=64 seed=1", plan.points().get(2).describe());
        assertEquals("optimizer.sgd.lr=0.001 training.batch_size=64 seed=2", plan.points().get(11).describe());
        SweepPlan.Point p = plan.points().get(7);
        assertEquals(0.01, ((dev.runner.config.OptimizerSpec.Sgd) p.experiment().spec().optimizer()).lr());
        assertEquals(64, p.experiment().spec().training().batchSize());
        assertEquals(2, p.experiment().spec().seed());
        assertEquals(12, new HashSet<>(plan.points().stream().map(SweepPlan.Point::id).toList()).size());
        assertEquals("sw", plan.name());
        // The identity is the resolved config: the same file gives the same ids.
        assertEquals(plan.points().stream().map(SweepPlan.Point::id).toList(),
                plan(f, List.of()).points().stream().map(SweepPlan.Point::id).toList());
    }

    @Test
    void randomSamplesAreReproducibleAndFollowTheSpace() throws Exception {
        String space = """
                sweep:
                  random:
                    samples: 8
                    space:
                      optimizer.sgd.lr: {loguniform: [1e-4, 1e-1]}
                      model.layers[5].dropout: {uniform: [0.0, 0.5]}
                      training.batch_size: {choice: [32, 64, 128]}
                      model.layers[4].dense.units: {randint: [8, 64]}
                """;
        SweepPlan a = plan(file("a.yaml", base() + space), List.of());
        SweepPlan b = plan(file("b.yaml", base() + space), List.of());
        assertEquals(8, a.points().size());
        assertEquals(a.points().stream().map(SweepPlan.Point::describe).toList(),
                b.points().stream().map(SweepPlan.Point::describe).toList());
        for (SweepPlan.Point p : a.points()) {
            double lr = Double.parseDouble(p.settings().get(0).value());
            assertTrue(lr >= 1e-4 && lr <= 1e-1, p.describe());
            double rate = Double.parseDouble(p.settings().get(1).value());
            assertTrue(rate >= 0 && rate <= 0.5, p.describe());
            assertTrue(List.of("32", "64", "128").contains(p.settings().get(2).value()), p.describe());
            int units = Integer.parseInt(p.settings().get(3).value());
            assertTrue(units >= 8 && units <= 64, p.describe());
        }
        assertTrue(new HashSet<>(a.points().stream().map(p -> p.settings().get(0).value()).toList()).size() > 4);
        SweepPlan reseeded = plan(file("c.yaml", base() + space.replace("samples: 8", "samples: 8\n    seed: 5")),
                List.of());
        assertNotEquals(a.points().stream().map(SweepPlan.Point::describe).toList(),
                reseeded.points().stream().map(SweepPlan.Point::describe).toList());
    }

    @Test
    void gridAndRandomTogetherAreTheUnionAndShuffledOrderIsStable() throws Exception {
        String text = base() + """
                sweep:
                  grid:
                    training.batch_size: [32, 64]
                  random:
                    samples: 3
                    space:
                      optimizer.sgd.lr: {loguniform: [1e-3, 1e-1]}
                  seeds: [1, 2, 3]
                  order: shuffled
                """;
        SweepPlan a = plan(file("u.yaml", text), List.of());
        assertEquals((2 + 3) * 3, a.points().size());
        assertEquals(List.of("training.batch_size", "optimizer.sgd.lr"), a.parameters());
        SweepPlan inOrder = plan(file("v.yaml", text.replace("order: shuffled", "order: in-order")), List.of());
        assertNotEquals(inOrder.points().stream().map(SweepPlan.Point::id).toList(),
                a.points().stream().map(SweepPlan.Point::id).toList());
        assertEquals(new HashSet<>(inOrder.points().stream().map(SweepPlan.Point::id).toList()),
                new HashSet<>(a.points().stream().map(SweepPlan.Point::id).toList()));
        assertEquals(a.points().stream().map(SweepPlan.Point::id).toList(),
                plan(file("w.yaml", text), List.of()).points().stream().map(SweepPlan.Point::id).toList());
    }

    @Test
    void setWinsOverASweptValueAndCollapsedPointsRunOnce() throws Exception {
        Path f = file("s.yaml", base() + """
                training: {epochs: 3}
                sweep:
                  grid:
                    training.batch_size: [32, 64]
                    training.epochs: [1, 2]
                """);
        SweepPlan plan = plan(f, List.of("training.epochs=5", "dataset.train_limit=100"));
        assertEquals(2, plan.points().size());
        for (SweepPlan.Point p : plan.points()) {
            assertEquals(5, p.experiment().spec().training().epochs());
            assertEquals(100, p.experiment().spec().dataset().trainLimit());
        }
        assertEquals(2, plan.warnings().size(), String.join("\n", plan.warnings()));
        // The file's own value under the sweep: extends merged maps key by key.
        SweepPlan noSet = plan(f, List.of());
        assertEquals(2000, noSet.points().get(0).experiment().spec().dataset().trainLimit());
        assertEquals(1, noSet.points().get(0).experiment().spec().training().epochs());
        assertEquals(0.05, ((dev.runner.config.OptimizerSpec.Sgd) noSet.points().get(0).experiment().spec()
                .optimizer()).lr(), "the base's optimizer");
    }

    @Test
    void anInvalidPointIsNamedBeforeAnythingTrains() throws Exception {
        Path f = file("bad.yaml", base() + """
                sweep:
                  grid:
                    optimizer.sgd.lr: [0.1, 0.01]
                    model.layers[0].conv2d.kernel: [3, 40]
                  seeds: [1, 2]
                """);
        SweepPlan.InvalidPointException e = assertThrows(SweepPlan.InvalidPointException.class,
                () -> plan(f, List.of()));
        String text = e.render();
        assertTrue(text.startsWith("runner: sweep point 3 of 8 (optimizer.sgd.lr=0.1 model.layers[0].conv2d.kernel=40 "
                + "seed=1) is invalid; nothing was trained:\n"), text);
        assertTrue(text.contains("bad.yaml:"), text);
        Path negative = file("neg.yaml", base() + """
                sweep:
                  grid:
                    optimizer.sgd.lr: [0.1, -1]
                """);
        String neg = assertThrows(SweepPlan.InvalidPointException.class, () -> plan(negative, List.of())).render();
        // The value's own position in the sweep file, quoted.
        assertTrue(neg.contains("neg.yaml:5:29: "), neg);
        assertTrue(neg.contains("optimizer.sgd.lr: [0.1, -1]"), neg);
    }

    @Test
    void mistakesInTheSweepSectionAreReportedAtTheirLines() throws Exception {
        Path f = file("m.yaml", base() + """
                sweep:
                  gird:
                    optimizer.sgd.lr: [0.1]
                  seeds: [1, 1]
                  order: random
                rank_by: test_accuracy
                """);
        InvalidExperimentException e = assertThrows(InvalidExperimentException.class, () -> plan(f, List.of()));
        String text = e.render();
        assertTrue(text.contains("m.yaml:4:3: unknown key 'gird' in sweep; did you mean 'grid'?"), text);
        assertTrue(text.contains("m.yaml:6:14: seed 1 is listed twice"), text);
        assertTrue(text.contains("m.yaml:7:10: unknown order 'random'"), text);
        assertTrue(text.contains("m.yaml:8:10: rank_by test_accuracy: the test set is not used to rank"), text);
        Path typo = file("t.yaml", base() + "sweeps: {seeds: [1]}\n");
        try (ExperimentLoader loader = new ExperimentLoader()) {
            String single = assertThrows(InvalidExperimentException.class, () -> loader.load(typo, List.of()))
                    .render();
            assertTrue(single.contains("t.yaml:3:1: unknown key 'sweeps' in the experiment; did you mean 'sweep'? (a key of sweep files)"),
                    single);
        }
        assertTrue(!SweepFile.isSweep(typo));
        assertTrue(SweepFile.isSweep(f));
    }

    @Test
    void extendsMergesMapsAndReplacesListsAndQuotesTheBaseFile() throws Exception {
        Path base = file("base.yaml", """
                name: base
                seed: 3
                dataset: {name: mnist, train_limit: 100}
                model:
                  layers:
                    - flatten
                    - dense: {units: 10}
                optimizer:
                  adam: {lr: 0.001}
                training: {epochs: 2, batch_size: 16}
                """);
        Path child = file("child.yaml", "extends: base.yaml\nname: child\ntraining: {epochs: 4}\n"
                + "optimizer: {sgd: {lr: 0.1}}\n");
        try (ExperimentLoader loader = new ExperimentLoader()) {
            var spec = loader.load(child, List.of()).spec();
            assertEquals("child", spec.name());
            assertEquals(4, spec.training().epochs());
            assertEquals(16, spec.training().batchSize());
            assertEquals(100, spec.dataset().trainLimit());
            assertEquals("sgd", spec.optimizer().kind());
            Path wrong = file("wrong.yaml", "extends: base.yaml\nname: wrong\ntraining: {epochs: 0}\n");
            String text = assertThrows(InvalidExperimentException.class, () -> loader.load(wrong, List.of()))
                    .render();
            assertTrue(text.contains("wrong.yaml:3:20: "), text);
            assertTrue(text.contains("training: {epochs: 0}"), text);
            Path missing = file("missing.yaml", "extends: nowhere.yaml\nname: x\n");
            String m = assertThrows(InvalidExperimentException.class, () -> loader.load(missing, List.of()))
                    .render();
            assertTrue(m.contains("missing.yaml:1:10: extends: no such file"), m);
        }
    }

    /** Issue 16 case 4: the size of a sweep is counted from its lists, exactly, before a single point is expanded. */
    @Test
    void aSweepOfMoreThanTenThousandPointsIsRefusedWithItsCountBeforeExpanding() throws Exception {
        StringBuilder grid = new StringBuilder("sweep:\n  grid:\n");
        // 21 keys of 10 values: 10^21 combinations, more than a long holds (it would wrap if multiplied as one).
        for (int k = 0; k < 21; k++) {
            grid.append("    dataset.train_limit").append(k == 0 ? "" : "[" + k + "]").append(": [");
            for (int v = 1; v <= 10; v++) grid.append(v == 1 ? "" : ", ").append(100 + v);
            grid.append("]\n");
        }
        Path huge = file("huge.yaml", base() + grid);
        String text = assertThrows(InvalidExperimentException.class, () -> plan(huge, List.of())).render();
        assertTrue(text.startsWith(huge + ":4:3: the grid has " + "10 × ".repeat(20) + "10 = "
                + "1,000,000,000,000,000,000,000 combinations; a sweep has at most 10,000 points"), text);

        // Seeds multiply the grid and the random samples: 100 × 101 seeds, 10,100 points, reported at sweep:.
        StringBuilder seeds = new StringBuilder();
        for (int s = 1; s <= 101; s++) seeds.append(s == 1 ? "" : ", ").append(s);
        StringBuilder lrs = new StringBuilder();
        for (int v = 1; v <= 100; v++) lrs.append(v == 1 ? "" : ", ").append("0.").append(1000 + v);
        Path seeded = file("seeded.yaml", base() + "sweep:\n  grid:\n    optimizer.sgd.lr: [" + lrs
                + "]\n  seeds: [" + seeds + "]\n");
        String t2 = assertThrows(InvalidExperimentException.class, () -> plan(seeded, List.of())).render();
        assertTrue(t2.startsWith(seeded + ":3:1: the sweep has 100 grid combinations × 101 seeds = 10,100 points; "
                + "a sweep has at most 10,000"), t2);

        // At the cap it expands: 10,000 random samples are allowed as before, and so are 100 × 100 seeds' worth.
        assertEquals(null, SweepSize.check(null, List.of(), 10_000, 1, null));
        assertEquals(null, SweepSize.check(null, List.of(List.of(1, 2), List.of(1, 2, 3, 4, 5)), 0, 1000, null));
        assertTrue(SweepSize.check(null, List.of(List.of(1, 2), List.of(1, 2, 3, 4, 5)), 1, 1000, null)
                .message().startsWith("the sweep has (10 grid combinations + 1 random samples) × 1000 seeds = 11,000 "
                        + "points"));
    }
}
