package dev.runner.config;

import dev.runner.config.tree.NodeReader;
import dev.runner.config.tree.Suggestions;
import dev.runner.config.tree.YNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code schedule:}, at most one learning-rate schedule kind and an optional {@code warmup}, e.g.
 * {@code schedule: {cosine: {t_max: 30}, warmup: {epochs: 2}}}.
 */
final class ScheduleMapper {
    static final List<String> KINDS = List.of("step", "multistep", "exponential", "cosine", "onecycle");
    static final String WARMUP = "warmup";
    static final List<String> KEYS = List.of("step", "multistep", "exponential", "cosine", "onecycle", WARMUP);
    static final Map<String, List<String>> KIND_KEYS = Map.of(
            "step", List.of("step_size", "gamma"),
            "multistep", List.of("milestones", "gamma"),
            "exponential", List.of("gamma"),
            "cosine", List.of("t_max", "eta_min"),
            "onecycle", List.of("max_lr", "pct_start", "div_factor", "final_div_factor", "anneal_strategy",
                    "three_phase"),
            WARMUP, List.of("epochs", "start_factor"));
    /** {@code StepLR}'s and {@code MultiStepLR}'s default γ. */
    static final double STEP_GAMMA = 0.1;

    private final NodeReader r;
    private final BeanPaths beans;

    ScheduleMapper(NodeReader r, BeanPaths beans) {
        this.r = r;
        this.beans = beans;
    }

    /** The schedule; constant when the section is absent, null when it does not map (reported). */
    LearningRateSpec map(YNode.YMap top) {
        if (top.get("schedule") == null || NodeReader.isNull(top.get("schedule"))) return LearningRateSpec.CONSTANT;
        YNode.YMap m = r.section(top, "schedule", "", false, null);
        if (m == null) return null;
        for (Map.Entry<String, YNode.Entry> e : m.entries().entrySet()) {
            if (!KEYS.contains(e.getKey())) {
                r.problem(e.getValue().keyAt(), "unknown schedule '" + e.getKey() + "'" + Suggestions.hint(e.getKey(),
                        KEYS));
                r.suggestedFor(m, e.getKey(), KEYS);
            }
        }
        List<String> given = m.entries().keySet().stream().filter(KINDS::contains).toList();
        if (given.size() > 1) {
            r.problem(m.at(), "schedule must name one kind (" + String.join(", ", KINDS) + "), got "
                    + String.join(" and ", given) + "; keep one (warmup goes with any kind but onecycle)");
            return null;
        }
        boolean complete = m.entries().keySet().stream().allMatch(KEYS::contains);
        if (given.isEmpty() && m.get(WARMUP) == null) {
            if (complete) {
                r.problem(m.at(), "schedule names no kind: give one of " + String.join(", ", KINDS)
                        + " and/or warmup, e.g. schedule: {cosine: {t_max: 30}}");
            }
            return null;
        }
        WarmupSpec warmup = m.get(WARMUP) == null ? null : warmup(m);
        if (m.get(WARMUP) != null && warmup == null) complete = false;
        ScheduleSpec kind = null;
        if (!given.isEmpty()) {
            kind = kind(m, given.get(0));
            if (kind == null) complete = false;
        }
        if (kind instanceof ScheduleSpec.OneCycle && m.get(WARMUP) != null) {
            r.problem(m.entries().get(WARMUP).keyAt(), "onecycle warms up on its own (from max_lr/div_factor over "
                    + "the first pct_start of the steps); remove warmup, or use another kind with it");
            return null;
        }
        if (!complete) return null;
        return beans.put(new LearningRateSpec(kind, warmup), "schedule");
    }

    private YNode.YMap args(YNode.YMap m, String kind) {
        YNode node = m.get(kind);
        List<String> keys = KIND_KEYS.get(kind);
        YNode.YMap args = node == null || NodeReader.isNull(node) ? new YNode.YMap(m.at())
                : r.argsMap(node, kind, "{" + String.join(", ", keys) + "}");
        if (args != null) r.checkKeys(args, kind, keys);
        return args;
    }

    private WarmupSpec warmup(YNode.YMap m) {
        YNode.YMap args = args(m, WARMUP);
        if (args == null) return null;
        String p = "schedule." + WARMUP;
        Integer epochs = r.intValue(args, "epochs", p, null, true);
        double start = r.number(args, "start_factor", p, Defaults.WARMUP_START_FACTOR);
        return epochs == null ? null : beans.put(new WarmupSpec(epochs, start), p);
    }

    private ScheduleSpec kind(YNode.YMap m, String kind) {
        YNode.YMap args = args(m, kind);
        if (args == null) return null;
        String p = "schedule." + kind;
        switch (kind) {
            case "step" -> {
                Integer size = r.intValue(args, "step_size", p, null, true);
                double gamma = r.number(args, "gamma", p, STEP_GAMMA);
                return size == null ? null : beans.put(new ScheduleSpec.Step(size, gamma), p);
            }
            case "multistep" -> {
                List<Integer> milestones = milestones(args, p);
                double gamma = r.number(args, "gamma", p, STEP_GAMMA);
                return milestones == null ? null : beans.put(new ScheduleSpec.MultiStep(milestones, gamma), p);
            }
            case "exponential" -> {
                Double gamma = r.numberRequired(args, "gamma", p);
                return gamma == null ? null : beans.put(new ScheduleSpec.Exponential(gamma), p);
            }
            case "cosine" -> {
                Integer tMax = r.intValue(args, "t_max", p, null, true);
                double etaMin = r.number(args, "eta_min", p, Defaults.COSINE_ETA_MIN);
                return tMax == null ? null : beans.put(new ScheduleSpec.Cosine(tMax, etaMin), p);
            }
            default -> {
                Double maxLr = r.numberRequired(args, "max_lr", p);
                double pct = r.number(args, "pct_start", p, Defaults.ONECYCLE_PCT_START);
                double div = r.number(args, "div_factor", p, Defaults.ONECYCLE_DIV_FACTOR);
                double finalDiv = r.number(args, "final_div_factor", p, Defaults.ONECYCLE_FINAL_DIV_FACTOR);
                ScheduleSpec.Anneal anneal = r.choice(args, "anneal_strategy", p, ScheduleSpec.Anneal.values(),
                        Named::yamlName, Defaults.ONECYCLE_ANNEAL, "anneal_strategy");
                boolean threePhase = r.bool(args, "three_phase", p, Defaults.ONECYCLE_THREE_PHASE);
                if (maxLr == null || anneal == null) return null;
                return beans.put(new ScheduleSpec.OneCycle(maxLr, pct, div, finalDiv, anneal, threePhase), p);
            }
        }
    }

    /** Positive whole epoch indexes in strictly increasing order, each recorded at {@code milestones[i]}. */
    private List<Integer> milestones(YNode.YMap args, String p) {
        YNode node = r.value(args, "milestones", p, true, "a list of epochs, e.g. [30, 60]");
        if (node == null) return null;
        String path = p + ".milestones";
        if (!(node instanceof YNode.YSeq seq) || seq.items().isEmpty()) {
            r.problem(node.at(), "milestones must be a list of epochs in increasing order, e.g. [30, 60], got "
                    + NodeReader.shown(node));
            return null;
        }
        List<Integer> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < seq.items().size(); i++) {
            YNode item = seq.items().get(i);
            r.record(path + "[" + i + "]", item);
            Long v = NodeReader.integer(item);
            if (v == null || v < 1 || v > Integer.MAX_VALUE) {
                r.problem(item.at(), "milestones[" + i + "] must be a positive whole number of epochs, got "
                        + NodeReader.shown(item));
                ok = false;
            } else {
                out.add(v.intValue());
            }
        }
        if (!ok) return null;
        for (int i = 1; i < out.size(); i++) {
            if (out.get(i) <= out.get(i - 1)) {
                r.problem(seq.items().get(i).at(), "milestones must increase, each epoch once: " + out.get(i)
                        + " follows " + out.get(i - 1) + "; write " + out.stream().sorted().distinct().toList());
                return null;
            }
        }
        return ok ? out : null;
    }
}
