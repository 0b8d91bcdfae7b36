package dev.runner.sweep;

import dev.runner.config.ExperimentLoader;
import dev.runner.config.InvalidExperimentException;
import dev.runner.config.tree.NodeReader;
import dev.runner.config.tree.Position;
import dev.runner.config.tree.Problem;
import dev.runner.config.tree.SetOverride;
import dev.runner.config.tree.Suggestions;
import dev.runner.config.tree.TreeException;
import dev.runner.config.tree.YNode;
import dev.runner.config.tree.YamlTreeLoader;
import dev.runner.util.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A sweep file: an experiment (possibly {@code extends}-ing another) plus {@code sweep:} (grid, random samples,
 * seeds, order, budget) and {@code rank_by}. Loading checks the sweep section with the same FILE:LINE:COL messages as the
 * experiment; the points themselves are checked when the plan is expanded.
 */
public record SweepFile(Path file, YamlTreeLoader.Loaded base, Map<String, List<Value>> grid,
                        Map<String, Position> gridAt, RandomSearch random, List<Long> seeds, Position seedsAt,
                        Order order, String rankBy, SlurmOptions slurm, Duration budget, Prune prune) {

    /**
     * {@code sweep.prune: {successive_halving: {min_epochs, reduction_factor}}} and where {@code min_epochs} was
     * written (each point must train more epochs than that).
     */
    public record Prune(int minEpochs, int reductionFactor, Position minEpochsAt) {
        public SuccessiveHalving rule(String rankBy) {
            return new SuccessiveHalving(minEpochs, reductionFactor, rankBy);
        }
    }

    public enum Order {
        IN_ORDER("in-order"), SHUFFLED("shuffled");

        private final String word;

        Order(String word) {
            this.word = word;
        }

        /** How {@code sweep.order} writes it. */
        public String word() {
            return word;
        }
    }

    /** One value of a grid or choice list, as YAML text for an override, and where it was written. */
    public record Value(String yaml, Position at) {
    }

    public sealed interface Distribution permits LogUniform, Uniform, RandInt, Choice {
        /** Canonical text: part of what seeds the random source, so a changed space draws new samples. */
        String describe();
    }

    public record LogUniform(double low, double high) implements Distribution {
        public String describe() {
            return "loguniform[" + low + "," + high + "]";
        }
    }

    public record Uniform(double low, double high) implements Distribution {
        public String describe() {
            return "uniform[" + low + "," + high + "]";
        }
    }

    public record RandInt(long low, long high) implements Distribution {
        public String describe() {
            return "randint[" + low + "," + high + "]";
        }
    }

    public record Choice(List<Value> values) implements Distribution {
        public String describe() {
            return "choice" + values.stream().map(Value::yaml).toList();
        }
    }

    /** {@code random:} N samples from {@code space}; {@code seed} (default 0) reseeds the draws. */
    public record RandomSearch(int samples, long seed, Map<String, Distribution> space,
                               Map<String, Position> spaceAt) {
    }

    /**
     * Keys of the {@code sweep:} section (the sweep file's own top-level keys are ExperimentLoader.SWEEP_KEYS). These
     * key lists are public so that the JSON Schema's test can hold the schema to them.
     */
    public static final List<String> SECTION_KEYS = List.of("grid", "random", "seeds", "order", "budget", "prune");
    /** Keys of {@code sweep.prune}: the pruning rules. */
    public static final List<String> PRUNE_KEYS = List.of("successive_halving");
    /** Keys of {@code sweep.prune.successive_halving}. */
    public static final List<String> HALVING_KEYS = List.of("min_epochs", "reduction_factor");
    /** Keys of {@code sweep.random}. */
    public static final List<String> RANDOM_KEYS = List.of("samples", "space", "seed");
    /** The distributions of {@code sweep.random.space}. */
    public static final List<String> DISTRIBUTIONS = List.of("loguniform", "uniform", "randint", "choice");
    /** Metrics a sweep may rank by: the test set only reports, it never selects. */
    public static final List<String> RANK_METRICS = List.of("val_accuracy", "val_loss", "train_accuracy",
            "train_loss");

    /** Whether {@code file} is a sweep (has a {@code sweep:} section, possibly from a file it extends). */
    public static boolean isSweep(Path file) {
        try (ExperimentLoader loader = new ExperimentLoader()) {
            return loader.loadTree(file).root() instanceof YNode.YMap top && top.entries().containsKey("sweep");
        } catch (InvalidExperimentException e) {
            return false; // the single-run path reports what is wrong with it
        }
    }

    public static SweepFile load(ExperimentLoader loader, Path file) throws InvalidExperimentException {
        YamlTreeLoader.Loaded loaded = loader.loadTree(file);
        NodeReader r = new NodeReader();
        YNode.YMap top = (YNode.YMap) loaded.root();
        YNode.Entry sweepEntry = top.entries().get("sweep");
        Map<String, List<Value>> grid = new LinkedHashMap<>();
        Map<String, Position> gridAt = new LinkedHashMap<>();
        RandomSearch random = null;
        List<Long> seeds = new ArrayList<>();
        Position seedsAt = null;
        Order order = Order.IN_ORDER;
        Duration budget = null;
        Prune prune = null;
        if (!(sweepEntry.value() instanceof YNode.YMap sweep)) {
            r.problem(sweepEntry.value().at(), "sweep must be a map with grid, random, seeds or order, got "
                    + sweepEntry.value().describe());
        } else {
            r.checkKeys(sweep, "sweep", SECTION_KEYS);
            YNode g = sweep.get("grid");
            if (g != null) {
                if (g instanceof YNode.YMap gm && !gm.entries().isEmpty()) {
                    for (Map.Entry<String, YNode.Entry> e : gm.entries().entrySet()) {
                        Position at = e.getValue().keyAt();
                        if (!checkPath(e.getKey(), at, r)) continue;
                        if (!(e.getValue().value() instanceof YNode.YSeq seq) || seq.items().isEmpty()) {
                            r.problem(e.getValue().value().at(), "grid values of " + e.getKey()
                                    + " must be a non-empty list, e.g. [0.01, 0.001]");
                            continue;
                        }
                        List<Value> values = new ArrayList<>();
                        for (YNode item : seq.items()) values.add(new Value(yamlText(item), item.at()));
                        grid.put(e.getKey(), values);
                        gridAt.put(e.getKey(), at);
                    }
                } else {
                    r.problem(g.at(), "sweep.grid must map paths (as for --set) to lists of values, "
                            + "e.g. optimizer.adam.lr: [0.01, 0.001]");
                }
            }
            YNode rs = sweep.get("random");
            if (rs != null) random = random(rs, r);
            YNode s = sweep.get("seeds");
            if (s != null) {
                seedsAt = s.at();
                if (s instanceof YNode.YSeq seq && !seq.items().isEmpty()) {
                    for (YNode item : seq.items()) {
                        Long l = NodeReader.integer(item);
                        if (l != null) {
                            if (seeds.contains(l)) r.problem(item.at(), "seed " + l + " is listed twice");
                            seeds.add(l);
                        } else {
                            String expected = NodeReader.integerExpected(item, Long.MIN_VALUE, Long.MAX_VALUE);
                            r.problem(item.at(), expected.equals("must be an integer")
                                    ? "seeds must be integers, got " + item.describe()
                                    : "seeds " + expected + ", got " + NodeReader.shown(item));
                        }
                    }
                } else {
                    r.problem(s.at(), "sweep.seeds must be a non-empty list of integers, e.g. [1, 2, 3]");
                }
            }
            YNode pr = sweep.get("prune");
            if (pr != null) prune = prune(pr, r);
            YNode b = sweep.get("budget");
            if (b != null) {
                String word = NodeReader.word(b);
                budget = Durations.parse(word);
                if (budget == null) {
                    r.problem(b.at(), "sweep.budget must be " + Durations.SPAN_EXAMPLES + " (whole hours, minutes "
                            + "and seconds, more than zero), got " + NodeReader.shown(b));
                }
            }
            Order chosen = r.choice(sweep, "order", "sweep", Order.values(), Order::word, Order.IN_ORDER, "order");
            if (chosen != null) order = chosen;
            if (g == null && rs == null && s == null) {
                r.problem(sweepEntry.keyAt(), "sweep needs at least one of grid, random or seeds");
            }
            Problem size = SweepSize.check(g == null ? null : sweep.entries().get("grid").keyAt(), grid.values(),
                    random == null ? 0 : random.samples(), seeds.size(), sweepEntry.keyAt());
            if (size != null) r.problem(size.at(), size.message());
        }
        String rankBy = "val_accuracy";
        YNode rank = top.get("rank_by");
        String rankWord = rank == null ? null : NodeReader.word(rank);
        if (rankWord != null && rankWord.startsWith("test_")) {
            r.problem(rank.at(), "rank_by " + rankWord + ": the test set is not used to rank (that would be tuning "
                    + "on it); rank by one of " + String.join(", ", RANK_METRICS) + ", the leaderboard reports the "
                    + "best point's test accuracy");
        } else if (rank != null) {
            String chosen = r.choice(top, "rank_by", "", RANK_METRICS.toArray(String[]::new), w -> w, null,
                    "rank_by");
            if (chosen != null) rankBy = chosen;
        }
        SlurmOptions slurm = SlurmOptions.NONE;
        YNode executor = top.get("executor");
        if (executor != null) {
            List<Problem> executorProblems = new ArrayList<>();
            slurm = SlurmOptions.fromYaml(executor, executorProblems);
            executorProblems.forEach(p -> r.problem(p.at(), p.message()));
        }
        if (!r.problems().isEmpty()) {
            List<Problem> problems = new ArrayList<>(r.problems());
            problems.sort(java.util.Comparator.comparingInt((Problem p) -> p.at().line())
                    .thenComparingInt(p -> p.at().column()));
            throw new InvalidExperimentException(problems, loaded.text());
        }
        YNode.YMap experiment = new YNode.YMap(top.at());
        for (Map.Entry<String, YNode.Entry> e : top.entries().entrySet()) {
            if (!ExperimentLoader.SWEEP_KEYS.contains(e.getKey())) {
                experiment.put(e.getKey(), e.getValue().keyAt(), e.getValue().value());
            }
        }
        return new SweepFile(file, new YamlTreeLoader.Loaded(experiment, loaded.text()), grid, gridAt, random,
                List.copyOf(seeds), seedsAt, order, rankBy, slurm, budget, prune);
    }

    private static Prune prune(YNode node, NodeReader r) {
        if (!(node instanceof YNode.YMap m) || m.entries().isEmpty()) {
            r.problem(node.at(), "sweep.prune must be {successive_halving: {min_epochs: N, reduction_factor: M}}, "
                    + "got " + NodeReader.shown(node));
            return null;
        }
        r.checkKeys(m, "sweep.prune", PRUNE_KEYS);
        if (m.get("successive_halving") == null) return null; // the unknown key was reported, with a suggestion
        YNode sh = m.get("successive_halving");
        if (!(sh instanceof YNode.YMap h)) {
            r.problem(sh.at(), "successive_halving must be a map with min_epochs and reduction_factor, e.g. "
                    + "{min_epochs: 1, reduction_factor: 3}, got " + NodeReader.shown(sh));
            return null;
        }
        r.checkKeys(h, "successive_halving", HALVING_KEYS);
        Integer min = r.intValue(h, "min_epochs", "sweep.prune.successive_halving", null, true);
        Integer factor = r.intValue(h, "reduction_factor", "sweep.prune.successive_halving", 3, false);
        if (min != null && min < 1) {
            r.problem(h.get("min_epochs").at(), "min_epochs must be at least 1, got " + min);
            min = null;
        }
        if (factor != null && factor < 2) {
            r.problem(h.get("reduction_factor").at(), "reduction_factor must be at least 2, got " + factor);
            factor = null;
        }
        return min == null || factor == null ? null : new Prune(min, factor, h.get("min_epochs").at());
    }

    private static RandomSearch random(YNode node, NodeReader r) {
        if (!(node instanceof YNode.YMap m)) {
            r.problem(node.at(), "sweep.random must be a map: {samples: N, space: {PATH: {loguniform: [low, high]}}}");
            return null;
        }
        r.checkKeys(m, "sweep.random", RANDOM_KEYS);
        int samples = 0;
        YNode n = m.get("samples");
        Long count = n == null ? null : NodeReader.integer(n);
        if (count != null && count > 0 && count <= 10_000) {
            samples = (int) (long) count;
        } else {
            r.problem(n == null ? m.at() : n.at(), n == null ? "sweep.random needs 'samples' (how many points to "
                    + "draw)" : "samples must be an integer from 1 to 10000");
        }
        long seed = 0;
        YNode sd = m.get("seed");
        if (sd != null) {
            Long l = NodeReader.integer(sd);
            if (l != null) seed = l;
            else r.problem(sd.at(), "random.seed " + NodeReader.integerExpected(sd, Long.MIN_VALUE, Long.MAX_VALUE));
        }
        Map<String, Distribution> space = new LinkedHashMap<>();
        Map<String, Position> spaceAt = new LinkedHashMap<>();
        YNode sp = m.get("space");
        if (!(sp instanceof YNode.YMap spm) || spm.entries().isEmpty()) {
            r.problem(sp == null ? m.at() : sp.at(), "sweep.random needs 'space': a map of paths to distributions, "
                    + "e.g. optimizer.adam.lr: {loguniform: [1e-4, 1e-1]}");
            return null;
        }
        for (Map.Entry<String, YNode.Entry> e : spm.entries().entrySet()) {
            Position at = e.getValue().keyAt();
            if (!checkPath(e.getKey(), at, r)) continue;
            Distribution d = distribution(e.getKey(), e.getValue().value(), r);
            if (d != null) {
                space.put(e.getKey(), d);
                spaceAt.put(e.getKey(), at);
            }
        }
        return new RandomSearch(samples, seed, space, spaceAt);
    }

    private static Distribution distribution(String path, YNode node, NodeReader r) {
        String form = "{loguniform: [low, high]}, {uniform: [low, high]}, {randint: [low, high]} or {choice: [...]}";
        if (!(node instanceof YNode.YMap m) || m.entries().size() != 1) {
            r.problem(node.at(), path + " takes one distribution: " + form);
            return null;
        }
        Map.Entry<String, YNode.Entry> e = m.entries().entrySet().iterator().next();
        String kind = e.getKey();
        YNode args = e.getValue().value();
        if (!DISTRIBUTIONS.contains(kind)) {
            r.problem(e.getValue().keyAt(), "unknown distribution '" + kind + "'"
                    + Suggestions.hint(kind, DISTRIBUTIONS));
            return null;
        }
        if (!(args instanceof YNode.YSeq seq) || seq.items().isEmpty()) {
            r.problem(args.at(), kind + " takes a list: " + form);
            return null;
        }
        if (kind.equals("choice")) {
            return new Choice(seq.items().stream().map(i -> new Value(yamlText(i), i.at())).toList());
        }
        if (seq.items().size() != 2 || !seq.items().stream().allMatch(i -> i instanceof YNode.YScalar sc
                && (sc.value() instanceof Long || sc.value() instanceof Double))) {
            r.problem(args.at(), kind + " takes two numbers [low, high]");
            return null;
        }
        double lo = ((Number) ((YNode.YScalar) seq.items().get(0)).value()).doubleValue();
        double hi = ((Number) ((YNode.YScalar) seq.items().get(1)).value()).doubleValue();
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            r.problem(args.at(), kind + " takes two finite numbers [low, high], got " + NodeReader.shown(args));
            return null;
        }
        if (!(lo < hi)) {
            r.problem(args.at(), kind + " needs low < high, got [" + lo + ", " + hi + "]");
            return null;
        }
        return switch (kind) {
            case "loguniform" -> {
                if (lo <= 0) {
                    r.problem(args.at(), "loguniform needs low > 0, got " + lo);
                    yield null;
                }
                yield new LogUniform(lo, hi);
            }
            case "uniform" -> new Uniform(lo, hi);
            default -> {
                if (lo != Math.rint(lo) || hi != Math.rint(hi)) {
                    r.problem(args.at(), "randint takes two integers [low, high]");
                    yield null;
                }
                yield new RandInt((long) lo, (long) hi);
            }
        };
    }

    /** A swept path must parse as a --set path and not be one the sweep owns itself. */
    private static boolean checkPath(String path, Position at, NodeReader r) {
        try {
            SetOverride o = SetOverride.parse(path + "=0");
            String first = (String) o.path().get(0);
            if (first.equals("seed")) {
                r.problem(at, "seeds are swept with sweep.seeds: [1, 2, 3], not as a parameter");
                return false;
            }
            if (first.equals("name")) {
                r.problem(at, "the name is the sweep's; it cannot be swept");
                return false;
            }
            return true;
        } catch (TreeException e) {
            r.problem(at, e.problems().get(0).message());
            return false;
        }
    }

    /** A node as flow-style YAML text, for an override's value. */
    static String yamlText(YNode node) {
        if (node instanceof YNode.YMap m) {
            List<String> parts = new ArrayList<>();
            m.entries().forEach((k, v) -> parts.add(k + ": " + yamlText(v.value())));
            return "{" + String.join(", ", parts) + "}";
        }
        if (node instanceof YNode.YSeq s) {
            return "[" + String.join(", ", s.items().stream().map(SweepFile::yamlText).toList()) + "]";
        }
        YNode.YScalar sc = (YNode.YScalar) node;
        if (sc.value() == null) return "null";
        if (sc.quoted() || (sc.value() instanceof String && !sc.text().matches("[A-Za-z0-9_.+-]+"))) {
            return "'" + sc.text().replace("'", "''") + "'";
        }
        return sc.text();
    }

    /** A drawn real number with 4 significant digits, always written as a float. */
    static String formatReal(double v) {
        String s = new java.math.BigDecimal(String.format(Locale.ROOT, "%.4g", v)).stripTrailingZeros()
                .toPlainString();
        return s.contains(".") ? s : s + ".0";
    }
}
