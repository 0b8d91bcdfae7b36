package dev.runner.config;

import dev.runner.config.tree.NodeReader;
import dev.runner.config.tree.YNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code evaluation:}, a map from set name to {@code {split, transforms}}. */
final class EvaluationMapper {
    static final List<String> SET_KEYS = List.of("split", "transforms");
    /** Prefixes of metrics.csv's own columns; an evaluation set named so would write over them. */
    static final List<String> RESERVED_SET_NAMES = List.of("train", "val", "test");

    /** The sets that mapped, and whether all did (only then is there an evaluation section to run). */
    record Sets(List<EvaluationSetSpec> mapped, boolean complete) {
        Sets {
            mapped = List.copyOf(mapped);
        }

        /** The section as the spec holds it: null when some set is unusable. */
        List<EvaluationSetSpec> orNull() {
            return complete ? mapped : null;
        }
    }

    private final NodeReader r;
    private final BeanPaths beans;
    private final TransformsMapper transforms;

    EvaluationMapper(NodeReader r, BeanPaths beans, TransformsMapper transforms) {
        this.r = r;
        this.beans = beans;
        this.transforms = transforms;
    }

    /** The sets; none when the section is absent. A set without transforms is seen through {@code eval}. */
    Sets map(YNode.YMap top, List<TransformSpec> eval) {
        List<EvaluationSetSpec> sets = new ArrayList<>();
        YNode node = top.get("evaluation");
        if (node == null || NodeReader.isNull(node)) return new Sets(sets, true);
        YNode.YMap m = r.section(top, "evaluation", "", false, null);
        if (m == null) return new Sets(sets, false);
        boolean allMapped = true;
        for (Map.Entry<String, YNode.Entry> e : m.entries().entrySet()) {
            String name = e.getKey();
            String p = "evaluation." + name;
            r.record(p, e.getValue().value());
            if (!name.matches("[a-z][a-z0-9_]*")) {
                r.problem(e.getValue().keyAt(), "evaluation set names are lower-case letters, digits and '_', "
                        + "starting with a letter (they prefix metrics.csv columns), got '" + name + "'");
                allMapped = false;
                continue;
            }
            if (RESERVED_SET_NAMES.contains(name)) {
                r.problem(e.getValue().keyAt(), "evaluation set name '" + name + "' is taken: its columns would "
                        + "clash with " + name + "_loss and " + name + "_accuracy of metrics.csv; choose another, "
                        + "e.g. '" + name + "_rotated'");
                allMapped = false;
                continue;
            }
            String what = "evaluation set '" + name + "'";
            YNode.YMap args = r.argsMap(e.getValue().value(), what, "{split: test|validation|train, transforms: [...]}");
            if (args == null) {
                allMapped = false;
                continue;
            }
            r.checkKeys(args, what, SET_KEYS);
            SplitName split = r.choice(args, "split", p, SplitName.values(), Named::yamlName, null, "split");
            if (split == null) {
                if (args.get("split") == null && !r.wasSuggested(args, "split")) {
                    r.problem(args.at(), what + " needs 'split' (valid: " + Named.words(SplitName.values()) + ")");
                }
                allMapped = false;
                continue;
            }
            List<TransformSpec> setTransforms = args.get("transforms") == null ? eval
                    : transforms.list(args, "transforms", p + ".transforms", "the transforms of " + what);
            sets.add(beans.put(new EvaluationSetSpec(name, split, setTransforms), p));
        }
        return new Sets(sets, allMapped);
    }
}
