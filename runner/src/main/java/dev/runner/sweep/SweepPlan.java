package dev.runner.sweep;

import dev.runner.config.ExperimentLoader;
import dev.runner.config.ExperimentWriter;
import dev.runner.config.InvalidExperimentException;
import dev.runner.config.LoadedExperiment;
import dev.runner.config.tree.Position;
import dev.runner.config.tree.Problem;
import dev.runner.model.ModelSummary;
import dev.runner.model.ShapeInference;
import dev.runner.util.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Every point of a sweep, expanded, resolved and checked before anything trains: the grid's cartesian product (first
 * key varying slowest), then the random samples (drawn from a source seeded by the search space, so the same file
 * gives the same plan), each repeated per seed. A point's id is a short hash of its resolved config, seed included.
 */
public record SweepPlan(String name, String rankBy, List<String> parameters, List<Point> points,
                        List<String> warnings) {

    /** One swept setting of a point: a path as for --set and its value as YAML text. */
    public record Setting(String path, String value) {
        public String assignment() {
            return path + "=" + value;
        }
    }

    public record Point(int index, String id, List<Setting> settings, long seed, LoadedExperiment experiment,
                        ModelSummary summary, String config, List<String> overrides) {
        /** The point for people: its settings and seed, e.g. {@code optimizer.adam.lr=0.01 seed=2}. */
        public String describe() {
            List<String> parts = new ArrayList<>(settings.stream().map(Setting::assignment).toList());
            parts.add("seed=" + seed);
            return String.join(" ", parts);
        }
    }

    /** Number of characters of the config's sha256 that name a point's folder. */
    public static final int ID_LENGTH = 12;

    /** A point that does not resolve to a valid experiment; the message names it. */
    public static final class InvalidPointException extends Exception {
        private final InvalidExperimentException cause;

        InvalidPointException(String point, InvalidExperimentException cause) {
            super(point);
            this.cause = cause;
        }

        public String render() {
            return "runner: sweep point " + getMessage() + " is invalid; nothing was trained:\n" + cause.render();
        }
    }

    private record Draft(List<Setting> settings, List<ExperimentLoader.PlacedOverride> placed) {
    }

    public static SweepPlan expand(SweepFile sweep, List<String> overrides, ExperimentLoader loader)
            throws InvalidPointException {
        if (SweepSize.tooMany(SweepSize.points(SweepSize.gridCombinations(sweep.grid().values()),
                sweep.random() == null ? 0 : sweep.random().samples(), sweep.seeds().size()))) {
            throw new IllegalArgumentException("more than " + SweepSize.MAX_POINTS + " points; SweepFile.load "
                    + "refuses such a sweep");
        }
        List<String> parameters = new ArrayList<>(sweep.grid().keySet());
        if (sweep.random() != null) {
            sweep.random().space().keySet().stream().filter(p -> !parameters.contains(p)).forEach(parameters::add);
        }
        List<Draft> drafts = new ArrayList<>();
        if (!sweep.grid().isEmpty()) grid(sweep, new ArrayList<>(sweep.grid().keySet()), 0, new ArrayList<>(), drafts);
        if (sweep.random() != null) drafts.addAll(random(sweep.random()));
        if (drafts.isEmpty()) drafts.add(new Draft(List.of(), List.of()));
        List<Point> points = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Map<String, Point> byId = new LinkedHashMap<>();
        int total = drafts.size() * Math.max(1, sweep.seeds().size());
        int n = 0;
        for (Draft d : drafts) {
            List<Long> seeds = sweep.seeds().isEmpty() ? Collections.singletonList(null) : sweep.seeds();
            for (Long seed : seeds) {
                n++;
                List<ExperimentLoader.PlacedOverride> placed = new ArrayList<>(d.placed());
                if (seed != null) placed.add(new ExperimentLoader.PlacedOverride("seed=" + seed, sweep.seedsAt()));
                String what = n + " of " + total + " (" + describe(d.settings(), seed) + ")";
                LoadedExperiment experiment;
                ModelSummary summary;
                try {
                    experiment = loader.resolve(sweep.base(), placed, overrides);
                    summary = new ShapeInference().infer(experiment);
                } catch (InvalidExperimentException e) {
                    throw new InvalidPointException(what, e);
                }
                if (sweep.rankBy().startsWith("val_") && experiment.spec().dataset().validationSplit() <= 0) {
                    throw new InvalidPointException(what, experiment.problemAt("dataset.validation_split",
                            "rank_by " + sweep.rankBy() + " needs a validation split (e.g. validation_split: 0.1); "
                                    + "the test set is not used to rank"));
                }
                String config = new ExperimentWriter().write(experiment.spec());
                String id = idOf(config);
                List<String> all = new ArrayList<>(placed.stream().map(ExperimentLoader.PlacedOverride::assignment)
                        .toList());
                all.addAll(overrides);
                Point p = new Point(n, id, d.settings(), experiment.spec().seed(), experiment, summary, config, all);
                Point same = byId.get(id);
                if (same != null) {
                    warnings.add("points " + same.describe() + " and " + p.describe() + " resolve to the same "
                            + "experiment (" + id + "); it runs once" + (overrides.isEmpty() ? ""
                            : " (a --set fixes a swept value?)"));
                    continue;
                }
                byId.put(id, p);
                points.add(p);
            }
        }
        if (sweep.prune() != null) {
            for (int i = 0; i < points.size(); i++) {
                Point p = points.get(i);
                int epochs = p.experiment().spec().training().epochs();
                if (epochs <= sweep.prune().minEpochs()) {
                    throw new InvalidPointException((i + 1) + " of " + points.size() + " (" + p.describe() + ")",
                            new InvalidExperimentException(List.of(new Problem(sweep.prune().minEpochsAt(),
                            "min_epochs " + sweep.prune().minEpochs() + " leaves no epochs to prune across: point "
                                    + p.describe() + " trains " + epochs + " epoch(s); min_epochs must be below "
                                    + "every point's training.epochs")), sweep.base().text()));
                }
            }
        }
        if (sweep.order() == SweepFile.Order.SHUFFLED) {
            // Seeded by the points themselves, so the order is the same every time the same plan is run.
            Collections.shuffle(points, new Random(seedOf("order\n" + String.join("\n",
                    points.stream().map(Point::id).sorted().toList()))));
        }
        List<Point> numbered = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            numbered.add(new Point(i + 1, p.id(), p.settings(), p.seed(), p.experiment(), p.summary(), p.config(),
                    p.overrides()));
        }
        String name = numbered.get(0).experiment().spec().name();
        return new SweepPlan(name, sweep.rankBy(), List.copyOf(parameters), List.copyOf(numbered),
                List.copyOf(warnings));
    }

    /** One experiment of a plan given run by run: how it is named in messages, and the overrides it was loaded with. */
    public record Entry(String label, LoadedExperiment experiment, List<String> overrides) {
    }

    /**
     * A plan of experiments given one by one instead of expanded from a sweep file (a reproduction's experiments ×
     * seeds), trained by the same executors as a sweep's points. Entries that resolve to the same experiment are one
     * point: it trains once.
     */
    public static SweepPlan of(String name, String rankBy, List<Entry> entries) throws InvalidPointException {
        Map<String, Point> byId = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            String config = new ExperimentWriter().write(e.experiment().spec());
            String id = idOf(config);
            if (byId.containsKey(id)) continue;
            List<Setting> settings = List.of(new Setting("experiment", e.label()));
            ModelSummary summary;
            try {
                summary = new ShapeInference().infer(e.experiment());
            } catch (InvalidExperimentException ex) {
                throw new InvalidPointException((i + 1) + " of " + entries.size() + " (" + e.label() + " seed="
                        + e.experiment().spec().seed() + ")", ex);
            }
            byId.put(id, new Point(byId.size() + 1, id, settings, e.experiment().spec().seed(), e.experiment(),
                    summary, config, List.copyOf(e.overrides())));
        }
        return new SweepPlan(name, rankBy, List.of("experiment"), List.copyOf(byId.values()), List.of());
    }

    /** The id, and folder name, of the point that trains {@code experiment}: a short hash of its resolved config. */
    public static String idOf(LoadedExperiment experiment) {
        return idOf(new ExperimentWriter().write(experiment.spec()));
    }

    /** The id of the point whose resolved {@code config.yaml} is {@code config}. */
    public static String idOf(String config) {
        return Sha256.ofText(config).substring(0, ID_LENGTH);
    }

    private static void grid(SweepFile sweep, List<String> keys, int k, List<SweepFile.Value> chosen,
                             List<Draft> out) {
        if (k == keys.size()) {
            List<Setting> settings = new ArrayList<>();
            List<ExperimentLoader.PlacedOverride> placed = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                Setting s = new Setting(keys.get(i), chosen.get(i).yaml());
                settings.add(s);
                placed.add(new ExperimentLoader.PlacedOverride(s.assignment(), chosen.get(i).at()));
            }
            out.add(new Draft(List.copyOf(settings), placed));
            return;
        }
        for (SweepFile.Value v : sweep.grid().get(keys.get(k))) {
            chosen.add(v);
            grid(sweep, keys, k + 1, chosen, out);
            chosen.remove(chosen.size() - 1);
        }
    }

    private static List<Draft> random(SweepFile.RandomSearch random) {
        StringBuilder definition = new StringBuilder("random\n" + random.seed() + "\n");
        random.space().forEach((p, d) -> definition.append(p).append('=').append(d.describe()).append('\n'));
        SplittableRandom source = new SplittableRandom(seedOf(definition.toString()));
        List<Draft> out = new ArrayList<>();
        for (int i = 0; i < random.samples(); i++) {
            List<Setting> settings = new ArrayList<>();
            List<ExperimentLoader.PlacedOverride> placed = new ArrayList<>();
            for (Map.Entry<String, SweepFile.Distribution> e : random.space().entrySet()) {
                String value;
                Position at = random.spaceAt().get(e.getKey());
                SweepFile.Distribution d = e.getValue();
                if (d instanceof SweepFile.LogUniform l) {
                    value = SweepFile.formatReal(Math.exp(Math.log(l.low())
                            + source.nextDouble() * (Math.log(l.high()) - Math.log(l.low()))));
                } else if (d instanceof SweepFile.Uniform u) {
                    value = SweepFile.formatReal(u.low() + source.nextDouble() * (u.high() - u.low()));
                } else if (d instanceof SweepFile.RandInt r) {
                    value = Long.toString(r.low() + source.nextLong(r.high() - r.low() + 1));
                } else {
                    SweepFile.Choice c = (SweepFile.Choice) d;
                    SweepFile.Value v = c.values().get(source.nextInt(c.values().size()));
                    value = v.yaml();
                    at = v.at();
                }
                Setting s = new Setting(e.getKey(), value);
                settings.add(s);
                placed.add(new ExperimentLoader.PlacedOverride(s.assignment(), at));
            }
            out.add(new Draft(List.copyOf(settings), placed));
        }
        return out;
    }

    private static String describe(List<Setting> settings, Long seed) {
        List<String> parts = new ArrayList<>(settings.stream().map(Setting::assignment).toList());
        if (seed != null) parts.add("seed=" + seed);
        return parts.isEmpty() ? "the base experiment" : String.join(" ", parts);
    }

    static long seedOf(String text) {
        byte[] h = Sha256.digest(text.getBytes(StandardCharsets.UTF_8));
        long v = 0;
        for (int i = 0; i < 8; i++) v = (v << 8) | (h[i] & 0xff);
        return v;
    }
}
