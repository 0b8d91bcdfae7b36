package dev.runner.sweep;

import dev.runner.config.tree.Position;
import dev.runner.config.tree.Problem;
import dev.runner.config.tree.Suggestions;
import dev.runner.config.tree.YNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a Slurm job asks for: partition, time limit, CPUs and memory per task, and any further {@code sbatch}
 * options. A field left null is not asked for (the site's default applies), except the CPUs, which default to 1
 * because they are also the task's OpenMP thread count. Values come from the command line ({@code --slurm-*}) and
 * from the sweep file ({@code executor: {slurm: {...}}}); {@link #over} is the one place that decides between them.
 */
public record SlurmOptions(String partition, String time, Integer cpusPerTask, String mem, List<String> options) {

    /** Keys of {@code executor.slurm} in a sweep file. */
    public static final List<String> FILE_KEYS = List.of("partition", "time", "cpus_per_task", "mem", "options");
    /** Keys of {@code executor}: the executors a file may configure. */
    public static final List<String> EXECUTOR_KEYS = List.of("slurm");
    /**
     * sbatch options the executor sets itself: the array and its throttle, where the logs go, how the id is printed,
     * what runs. Given again through {@code --slurm-option} they would break the mapping of tasks to points. Public
     * for the JSON Schema's test, which checks that the schema refuses each of them in {@code executor.slurm.options}.
     */
    public static final List<String> OWNED = List.of("-a", "--array", "-o", "--output", "-e", "--error", "-J",
            "--job-name", "--parsable", "--wrap", "-c", "--cpus-per-task", "-p", "--partition", "-t", "--time",
            "--mem", "--test-only", "-W", "--wait", "-D", "--chdir", "-i", "--input");

    /** Slurm's time forms: minutes, minutes:seconds, hours:minutes:seconds, days-hours[:minutes[:seconds]]. */
    private static final Pattern TIME = Pattern.compile("\\d+|\\d+:\\d{1,2}|\\d+:\\d{1,2}:\\d{1,2}"
            + "|\\d+-\\d+|\\d+-\\d+:\\d{1,2}|\\d+-\\d+:\\d{1,2}:\\d{1,2}|UNLIMITED|unlimited|INFINITE|infinite");
    /** sbatch's --mem: a whole number with an optional unit K, M (the default), G or T. */
    private static final Pattern MEM = Pattern.compile("\\d+[KMGTkmgt]?");
    private static final Pattern PARTITION = Pattern.compile("[A-Za-z0-9_.,-]+");

    public static final SlurmOptions NONE = new SlurmOptions(null, null, null, null, List.of());

    public SlurmOptions {
        options = options == null ? List.of() : List.copyOf(options);
    }

    /**
     * These options over {@code base}: a field given here wins, one left null falls back to {@code base}'s. Extra
     * sbatch options are kept from both, {@code base}'s first: sbatch lets the later of two equal options win, so
     * the command line's {@code --slurm-option} still decides.
     */
    public SlurmOptions over(SlurmOptions base) {
        List<String> all = new ArrayList<>(base.options);
        all.addAll(options);
        return new SlurmOptions(partition != null ? partition : base.partition, time != null ? time : base.time,
                cpusPerTask != null ? cpusPerTask : base.cpusPerTask, mem != null ? mem : base.mem, all);
    }

    /** CPUs per task, and so the task's OMP_NUM_THREADS: as given, else 1. */
    public int cpus() {
        return cpusPerTask == null ? 1 : cpusPerTask;
    }

    /** The sbatch arguments these options stand for (the executor adds the array, output and job name). */
    public List<String> sbatchArguments() {
        List<String> args = new ArrayList<>();
        if (partition != null) args.add("--partition=" + partition);
        if (time != null) args.add("--time=" + time);
        args.add("--cpus-per-task=" + cpus());
        if (mem != null) args.add("--mem=" + mem);
        args.addAll(options);
        return args;
    }

    /** What is wrong with these options as the command line gave them, one message per problem; empty if valid. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        checkPartition(partition).ifPresent(m -> problems.add("--slurm-partition: " + m));
        checkTime(time).ifPresent(m -> problems.add("--slurm-time: " + m));
        checkCpus(cpusPerTask).ifPresent(m -> problems.add("--slurm-cpus-per-task: " + m));
        checkMem(mem).ifPresent(m -> problems.add("--slurm-mem: " + m));
        for (String o : options) checkOption(o).ifPresent(m -> problems.add("--slurm-option=" + o + ": " + m));
        return problems;
    }

    static Optional<String> checkPartition(String p) {
        if (p == null || PARTITION.matcher(p).matches()) return Optional.empty();
        return Optional.of("'" + p + "' is not a partition name (letters, digits, _ . - , ; `sinfo -s` lists them)");
    }

    static Optional<String> checkTime(String t) {
        if (t == null || TIME.matcher(t).matches()) return Optional.empty();
        return Optional.of("'" + t + "' is not a Slurm time limit; write minutes (90), hours:minutes:seconds "
                + "(02:00:00) or days-hours (1-12)");
    }

    static Optional<String> checkCpus(Integer c) {
        if (c == null || c >= 1) return Optional.empty();
        return Optional.of("must be at least 1, got " + c);
    }

    static Optional<String> checkMem(String m) {
        if (m == null || MEM.matcher(m).matches()) return Optional.empty();
        return Optional.of("'" + m + "' is not a memory size; write a whole number with K, M, G or T, e.g. 8G");
    }

    static Optional<String> checkOption(String o) {
        if (!o.startsWith("-")) {
            return Optional.of("an sbatch option starts with '-', e.g. --slurm-option=--account=ml101");
        }
        String name = o.contains("=") ? o.substring(0, o.indexOf('=')) : o;
        if (!name.startsWith("--") && name.length() > 2) name = name.substring(0, 2); // -pgpu is -p gpu
        if (OWNED.contains(name)) {
            return Optional.of("the runner sets " + name + " itself" + ownedHint(name));
        }
        return Optional.empty();
    }

    private static String ownedHint(String name) {
        return switch (name) {
            case "-p", "--partition" -> "; use --slurm-partition";
            case "-t", "--time" -> "; use --slurm-time";
            case "-c", "--cpus-per-task" -> "; use --slurm-cpus-per-task";
            case "--mem" -> "; use --slurm-mem";
            default -> " (one array task per point, its log in the point's folder)";
        };
    }

    /**
     * The {@code executor:} section of a sweep file: {@code {slurm: {partition, time, cpus_per_task, mem,
     * options}}}. Problems are added with their positions; what is valid is returned.
     */
    public static SlurmOptions fromYaml(YNode executor, List<Problem> problems) {
        if (!(executor instanceof YNode.YMap map)) {
            problems.add(new Problem(executor.at(), "executor must be a map, e.g. executor: {slurm: {partition: gpu, "
                    + "time: \"02:00:00\"}}"));
            return NONE;
        }
        unknownKeys(map, "executor", EXECUTOR_KEYS, problems);
        YNode slurm = map.get("slurm");
        if (slurm == null) return NONE;
        if (!(slurm instanceof YNode.YMap s)) {
            problems.add(new Problem(slurm.at(), "executor.slurm must be a map with " + String.join(", ", FILE_KEYS)));
            return NONE;
        }
        unknownKeys(s, "executor.slurm", FILE_KEYS, problems);
        String partition = text(s, "partition", problems);
        String time = text(s, "time", problems);
        String mem = text(s, "mem", problems);
        add(problems, s.get("partition"), checkPartition(partition));
        add(problems, s.get("time"), checkTime(time));
        add(problems, s.get("mem"), checkMem(mem));
        Integer cpus = null;
        YNode c = s.get("cpus_per_task");
        if (c != null) {
            if (c instanceof YNode.YScalar sc && sc.value() instanceof Long l && l >= 1 && l <= 100_000) {
                cpus = (int) (long) l;
            } else {
                problems.add(new Problem(c.at(), "cpus_per_task must be a whole number of at least 1, got "
                        + c.describe()));
            }
        }
        List<String> options = new ArrayList<>();
        YNode o = s.get("options");
        if (o != null) {
            if (o instanceof YNode.YSeq seq) {
                for (YNode item : seq.items()) {
                    if (item instanceof YNode.YScalar sc && sc.value() instanceof String word) {
                        Optional<String> problem = checkOption(word);
                        if (problem.isPresent()) problems.add(new Problem(item.at(), word + ": " + problem.get()));
                        else options.add(word);
                    } else {
                        problems.add(new Problem(item.at(), "an sbatch option is text, e.g. \"--account=ml101\", got "
                                + item.describe()));
                    }
                }
            } else {
                problems.add(new Problem(o.at(), "executor.slurm.options must be a list of sbatch options, e.g. "
                        + "[\"--account=ml101\", \"--qos=short\"]"));
            }
        }
        return new SlurmOptions(partition, time, cpus, mem, options);
    }

    /**
     * A scalar as text: a time written 90 or 02:00:00 and a partition or memory written as a plain word all arrive
     * here; YAML reads {@code 1:30} as a string and {@code 90} as a number, both are meant as text.
     */
    private static String text(YNode.YMap m, String key, List<Problem> problems) {
        YNode n = m.get(key);
        if (n == null) return null;
        if (n instanceof YNode.YScalar sc && sc.value() != null && !(sc.value() instanceof Boolean)
                && !(sc.value() instanceof Double)) {
            return sc.text();
        }
        problems.add(new Problem(n.at(), "executor.slurm." + key + " must be a word or whole number, got "
                + n.describe()));
        return null;
    }

    private static void add(List<Problem> problems, YNode at, Optional<String> problem) {
        problem.ifPresent(m -> problems.add(new Problem(at.at(), m)));
    }

    private static void unknownKeys(YNode.YMap m, String context, List<String> valid, List<Problem> problems) {
        for (Map.Entry<String, YNode.Entry> e : m.entries().entrySet()) {
            if (!valid.contains(e.getKey())) {
                Position at = e.getValue().keyAt();
                problems.add(new Problem(at, "unknown key '" + e.getKey() + "' in " + context
                        + Suggestions.hint(e.getKey(), valid)));
            }
        }
    }
}
