package dev.runner.compare;

import dev.runner.util.Stats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The comparison table of a set of runs. Runs are filtered first; then the config keys whose values differ between
 * the remaining runs become columns (the others are listed once, as "same in all"); runs whose configs are equal but
 * for the seed are grouped into one row, whose numbers are the mean ± the sample standard deviation over the group;
 * finally rows are sorted and the columns chosen.
 */
public final class Comparison {
    /** Config keys that are never hyperparameter columns: the name has its own column; a description is prose. */
    static final Set<String> NOT_HYPERPARAMETERS = Set.of("name", "description");

    public record Options(List<String> filters, List<String> sort, List<String> columns, boolean group) {
        public static Options defaults() {
            return new Options(List.of(), List.of(), List.of(), true);
        }
    }

    /** A filter, sort key or column that names nothing, or is malformed: a usage error. */
    public static final class UsageException extends IllegalArgumentException {
        public UsageException(String message) {
            super(message);
        }
    }

    public enum Kind { TEXT, CONFIG, NUMBER }

    public record Column(String id, Kind kind) {
    }

    /**
     * One table cell: {@code text} as shown (a mean ± std for a group), {@code csv} as written to comparison.csv,
     * {@code value} the number it sorts by (NaN for text), {@code std} the spread over a group (NaN if none).
     */
    public record Cell(String text, String csv, double value, double std) {
        static final Cell EMPTY = new Cell("", "", Double.NaN, Double.NaN);

        static Cell text(String s) {
            return new Cell(s, s, Double.NaN, Double.NaN);
        }
    }

    public record Row(List<RunFolder> runs, Map<String, Cell> cells) {
        public Cell cell(String column) {
            return cells.getOrDefault(column, Cell.EMPTY);
        }
    }

    /**
     * The result: the columns shown, the rows, the config values equal in all compared runs, and how many runs went
     * in.
     */
    public record Table(List<Column> columns, List<Row> rows, Map<String, String> common, int runCount,
                        boolean grouped) {
        /** True when a number column of some row is a mean over several runs (so CSV gets {@code _std} columns). */
        public boolean hasGroups() {
            return rows.stream().anyMatch(r -> r.runs().size() > 1);
        }
    }

    /** A number column; {@code spread}: whether runs of one config can differ in it (not so parameters, epochs). */
    private record Metric(String id, int decimals, boolean spread, ToDoubleFunction<RunFolder> value) {
    }

    private static final List<Metric> METRICS = List.of(
            new Metric("parameters", 0, false, r -> r.parameters() == null ? Double.NaN : r.parameters()),
            new Metric("epochs", 0, false, RunFolder::epochs),
            new Metric("val_accuracy", 4, true, RunFolder::finalVal),
            new Metric("best_val_accuracy", 4, true, RunFolder::bestVal),
            new Metric("test_accuracy", 4, true, RunFolder::finalTest),
            new Metric("best_test_accuracy", 4, true, RunFolder::bestTest),
            new Metric("train_seconds", 1, true, r -> r.trainSeconds() == null ? Double.NaN : r.trainSeconds()),
            new Metric("images_per_second", 0, true,
                    r -> r.imagesPerSecond() == null ? Double.NaN : r.imagesPerSecond()));

    /** The number columns, in their default order. */
    public static List<String> metricIds() {
        return METRICS.stream().map(Metric::id).toList();
    }

    /** Whether runs that differ only in seed can differ in this column (so a group has a spread in it). */
    public static boolean hasSpread(String column) {
        return METRICS.stream().anyMatch(m -> m.id().equals(column) && m.spread());
    }

    public static Table build(List<RunFolder> all, Options options) {
        List<RunFolder> runs = filter(all, options.filters());
        List<String> configKeys = keyOrder(all);
        Map<String, String> common = new LinkedHashMap<>();
        List<String> differing = differing(runs, common);

        List<List<RunFolder>> groups = group(runs, options.group());
        List<Row> rows = new ArrayList<>();
        for (List<RunFolder> g : groups) rows.add(row(g, configKeys));
        boolean grouped = groups.stream().anyMatch(g -> g.size() > 1);

        List<Column> available = new ArrayList<>();
        available.add(new Column("name", Kind.TEXT));
        available.add(new Column("run_id", Kind.TEXT));
        available.add(new Column("runs", Kind.NUMBER));
        for (String k : configKeys) {
            if (!NOT_HYPERPARAMETERS.contains(k)) available.add(new Column(k, Kind.CONFIG));
        }
        for (Metric m : METRICS) available.add(new Column(m.id(), Kind.NUMBER));
        Map<String, Column> byId = new LinkedHashMap<>();
        for (Column c : available) byId.put(c.id(), c);

        sort(rows, options.sort(), byId);

        List<Column> shown = new ArrayList<>();
        if (options.columns().isEmpty()) {
            shown.add(byId.get("name"));
            shown.add(byId.get("run_id"));
            if (grouped) shown.add(byId.get("runs"));
            for (String k : differing) shown.add(byId.get(k));
            for (Metric m : METRICS) {
                // Validation columns of runs that have no validation split would be empty: leave them out.
                if (rows.stream().anyMatch(r -> !r.cell(m.id()).text().isEmpty())) shown.add(byId.get(m.id()));
            }
        } else {
            for (String id : options.columns()) shown.add(column(byId, id, "column"));
        }
        return new Table(List.copyOf(shown), List.copyOf(rows), common, runs.size(), grouped);
    }

    private static Column column(Map<String, Column> byId, String id, String what) {
        Column c = byId.get(id);
        if (c == null) {
            List<String> fixed = byId.values().stream().filter(x -> x.kind() != Kind.CONFIG).map(Column::id).toList();
            throw new UsageException("unknown " + what + " '" + id + "'; the columns are " + String.join(", ", fixed)
                    + ", and any config key as --set writes it (seed, optimizer.sgd.lr, model.layers, ...)");
        }
        return c;
    }

    /**
     * The config columns of a comparison, in config order: the leaves whose values differ between the runs, and the
     * inner nodes whose structure differs (a list of other length or other item kinds, such as other layers; a map
     * with other sub-maps, such as another optimizer; a value in one run that is a map in another; a map or list that
     * some runs do not have at all, such as an evaluation set), each of which
     * becomes one column of summaries, with the keys under it that not every run has left out. Leaves equal in all
     * runs go to {@code common}.
     */
    static List<String> differing(List<RunFolder> runs, Map<String, String> common) {
        List<String> paths = keyOrder(runs);
        List<String> folded = new ArrayList<>();
        for (String p : paths) {
            if (NOT_HYPERPARAMETERS.contains(p) || under(p, folded)) continue;
            List<ConfigFlattener.Node> nodes = new ArrayList<>();
            for (RunFolder r : runs) nodes.add(r.flat().nodes().get(p));
            if (nodes.contains(null)) {
                // A section only some runs have (an evaluation set, a checkpoint) is one column, blank where absent;
                // a single key only some runs have (a train_limit) is a column of its own anyway.
                boolean section = nodes.stream().anyMatch(n -> n != null && n.kind() != ConfigFlattener.Kind.SCALAR);
                if (section) folded.add(p);
                continue;
            }
            Set<ConfigFlattener.Kind> kinds = nodes.stream().map(ConfigFlattener.Node::kind).collect(Collectors.toSet());
            ConfigFlattener.Kind kind = nodes.get(0).kind();
            boolean fold = kinds.size() > 1
                    || kind == ConfigFlattener.Kind.LIST
                    && nodes.stream().map(ConfigFlattener.Node::summary).distinct().count() > 1
                    || kind == ConfigFlattener.Kind.MAP && innerChildMissing(runs, p);
            if (fold) folded.add(p);
        }
        List<String> differing = new ArrayList<>();
        for (String p : paths) {
            if (NOT_HYPERPARAMETERS.contains(p)) continue;
            if (folded.contains(p)) {
                differing.add(p);
                continue;
            }
            if (under(p, folded) || runs.stream().noneMatch(r -> r.config().containsKey(p))) continue;
            Set<String> values = runs.stream().map(r -> r.config().getOrDefault(p, "")).collect(Collectors.toSet());
            if (values.size() > 1) differing.add(p);
            else common.put(p, values.iterator().next());
        }
        return differing;
    }

    /**
     * The config paths of all runs in one order that keeps each run's file order: a key that only some runs have goes
     * right after the key before it in the first run that has it (so {@code dataset.train_limit} stays in
     * {@code dataset}).
     */
    static List<String> keyOrder(List<RunFolder> runs) {
        List<String> order = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (RunFolder r : runs) {
            int at = 0;
            for (String k : r.flat().nodes().keySet()) {
                if (seen.add(k)) {
                    order.add(at, k);
                    at++;
                } else {
                    at = order.indexOf(k) + 1;
                }
            }
        }
        return order;
    }

    private static boolean under(String path, List<String> ancestors) {
        for (String a : ancestors) if (path.startsWith(a + ".") || path.startsWith(a + "[")) return true;
        return false;
    }

    /** Whether some run has a map or list directly under map {@code p} that another run lacks. */
    private static boolean innerChildMissing(List<RunFolder> runs, String p) {
        Set<String> all = new LinkedHashSet<>();
        for (RunFolder r : runs) all.addAll(children(r, p));
        for (String c : all) {
            boolean inner = false;
            boolean missing = false;
            for (RunFolder r : runs) {
                ConfigFlattener.Node n = r.flat().nodes().get(c);
                if (n == null) missing = true;
                else if (n.kind() != ConfigFlattener.Kind.SCALAR) inner = true;
            }
            if (inner && missing) return true;
        }
        return false;
    }

    private static List<String> children(RunFolder r, String p) {
        List<String> out = new ArrayList<>();
        for (String q : r.flat().nodes().keySet()) {
            if (q.startsWith(p + ".") && q.indexOf('.', p.length() + 1) < 0 && q.indexOf('[', p.length() + 1) < 0) {
                out.add(q);
            }
        }
        return out;
    }

    /** Runs with equal configs but for the seed (and description) form one group; groups keep the runs' order. */
    static List<List<RunFolder>> group(List<RunFolder> runs, boolean group) {
        Map<Object, List<RunFolder>> groups = new LinkedHashMap<>();
        for (RunFolder r : runs) {
            Object key;
            if (group) {
                Map<String, String> c = new LinkedHashMap<>(r.config());
                c.remove("seed");
                c.remove("description");
                key = List.of(r.name(), c);
            } else {
                key = r.dir();
            }
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        return new ArrayList<>(groups.values());
    }

    private static Row row(List<RunFolder> g, List<String> configKeys) {
        List<RunFolder> runs = new ArrayList<>(g);
        runs.sort(Comparator.comparing(RunFolder::runId));
        Map<String, Cell> cells = new LinkedHashMap<>();
        RunFolder first = runs.get(0);
        cells.put("name", Cell.text(first.name()));
        String ids = runs.stream().map(RunFolder::runId).collect(Collectors.joining(" "));
        cells.put("run_id", runs.size() == 1 ? Cell.text(first.runId())
                : new Cell(first.runId() + " +" + (runs.size() - 1), ids, Double.NaN, Double.NaN));
        cells.put("runs", new Cell(Integer.toString(runs.size()), Integer.toString(runs.size()), runs.size(),
                Double.NaN));
        for (String k : configKeys) {
            Set<String> values = new TreeSet<>(Comparator.comparing(Comparison::numberOrNaN).thenComparing(s -> s));
            for (RunFolder r : runs) values.add(r.configValue(k));
            String text = String.join(",", values);
            double v = values.size() == 1 ? numberOrNaN(text) : Double.NaN;
            cells.put(k, new Cell(text, text, v, Double.NaN));
        }
        for (Metric m : METRICS) cells.put(m.id(), aggregate(runs, m));
        return new Row(List.copyOf(runs), cells);
    }

    /** One value, or the mean ± sample standard deviation when the group's values differ. */
    private static Cell aggregate(List<RunFolder> runs, Metric m) {
        List<Double> values = new ArrayList<>();
        for (RunFolder r : runs) {
            double v = m.value().applyAsDouble(r);
            if (!Double.isNaN(v)) values.add(v);
        }
        if (values.isEmpty()) return Cell.EMPTY;
        double mean = Stats.mean(values);
        String fmt = "%." + m.decimals() + "f";
        String meanText = String.format(Locale.ROOT, fmt, mean);
        if (values.size() == 1 || values.stream().allMatch(v -> v.equals(values.get(0)))) {
            return new Cell(meanText, meanText, mean, values.size() == 1 ? Double.NaN : 0.0);
        }
        double std = Stats.sampleStd(values);
        return new Cell(meanText + " ± " + String.format(Locale.ROOT, fmt, std), meanText, mean, std);
    }

    static List<RunFolder> filter(List<RunFolder> runs, List<String> filters) {
        List<RunFolder> out = new ArrayList<>(runs);
        for (String f : filters) {
            int eq = f.indexOf('=');
            if (eq <= 0) throw new UsageException("--filter wants KEY=VALUE or KEY!=VALUE, got '" + f + "'");
            boolean negate = f.charAt(eq - 1) == '!';
            String key = f.substring(0, negate ? eq - 1 : eq).trim();
            String want = f.substring(eq + 1).trim();
            if (!isKnownKey(runs, key)) {
                throw new UsageException("unknown filter key '" + key + "'; keys are name, run_id, "
                        + String.join(", ", metricIds()) + ", and any config key as --set writes it (seed, "
                        + "optimizer.sgd.lr, model.layers, ...)");
            }
            out.removeIf(r -> matches(runValue(r, key), want) == negate);
        }
        return out;
    }

    private static boolean isKnownKey(List<RunFolder> runs, String key) {
        if (key.equals("name") || key.equals("run_id") || key.equals("seed") || metricIds().contains(key)) return true;
        return runs.stream().anyMatch(r -> r.flat().nodes().containsKey(key));
    }

    /** A run's value of a filter key: a built-in column, a number column, or a config key ("" when absent). */
    static String runValue(RunFolder r, String key) {
        switch (key) {
            case "name" -> {
                return r.name();
            }
            case "run_id" -> {
                return r.runId();
            }
            case "seed" -> {
                return Long.toString(r.seed());
            }
            default -> {
                for (Metric m : METRICS) {
                    if (m.id().equals(key)) {
                        double v = m.value().applyAsDouble(r);
                        return Double.isNaN(v) ? "" : Double.toString(v);
                    }
                }
                return r.configValue(key);
            }
        }
    }

    /** Equal as numbers when both are numbers, else as text with {@code *} and {@code ?} as wildcards. */
    static boolean matches(String actual, String wanted) {
        double a = numberOrNaN(actual);
        double w = numberOrNaN(wanted);
        if (!Double.isNaN(a) && !Double.isNaN(w)) return a == w;
        StringBuilder regex = new StringBuilder();
        for (char c : wanted.toCharArray()) {
            if (c == '*') regex.append(".*");
            else if (c == '?') regex.append('.');
            else regex.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.matches(regex.toString(), actual);
    }

    private static void sort(List<Row> rows, List<String> sortKeys, Map<String, Column> byId) {
        Comparator<Row> order = null;
        for (String raw : sortKeys) {
            String s = raw.trim();
            if (s.isEmpty()) continue;
            boolean descending = false;
            if (s.startsWith("-")) {
                descending = true;
                s = s.substring(1);
            } else if (s.startsWith("+")) {
                s = s.substring(1);
            }
            if (s.endsWith(":desc")) {
                descending = true;
                s = s.substring(0, s.length() - 5);
            } else if (s.endsWith(":asc")) {
                s = s.substring(0, s.length() - 4);
            }
            String id = column(byId, s, "sort column").id();
            Comparator<Row> c = (a, b) -> compareCells(a.cell(id), b.cell(id));
            if (descending) c = c.reversed();
            // blanks and NaN last in either direction: a value that is not a number never sorts first
            Comparator<Row> blanksLast = (a, b) -> Boolean.compare(notANumber(a.cell(id)), notANumber(b.cell(id)));
            c = blanksLast.thenComparing(c);
            order = order == null ? c : order.thenComparing(c);
        }
        Comparator<Row> byName = Comparator.comparing((Row r) -> r.cell("name").text())
                .thenComparing(r -> r.runs().get(0).runId());
        rows.sort(order == null ? byName : order.thenComparing(byName));
    }

    private static boolean notANumber(Cell c) {
        String t = c.text().strip();
        return t.isEmpty() || t.equalsIgnoreCase("nan") || t.equals("–") || t.equals("-");
    }

    private static int compareCells(Cell a, Cell b) {
        if (!Double.isNaN(a.value()) && !Double.isNaN(b.value())) return Double.compare(a.value(), b.value());
        return a.text().compareTo(b.text());
    }

    static double numberOrNaN(String s) {
        if (s == null || s.isBlank()) return Double.NaN;
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
