package dev.runner.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps a YAML tree onto {@link ExperimentSpec}, filling defaults from {@link Defaults}. It checks what only the
 * tree can tell (unknown keys, wrong types, unknown names) and collects every problem rather than stopping at the
 * first; range rules live as constraints on the records and are checked afterwards by {@link ExperimentValidator}.
 */
final class ExperimentMapper {
    static final List<String> TOP_KEYS = List.of("name", "description", "seed", "dataset", "transforms", "model",
            "loss", "optimizer", "training", "evaluation", "checkpoint", "early_stopping", "reference");
    /** Keys of a sweep file; the sweep takes them off before its points are mapped as experiments. */
    public static final List<String> SWEEP_KEYS = List.of("extends", "sweep", "rank_by");
    private static final List<String> ALL_TOP_KEYS =
            java.util.stream.Stream.concat(TOP_KEYS.stream(), SWEEP_KEYS.stream()).toList();
    static final List<String> DATASET_KEYS = List.of("name", "validation_split", "train_limit", "validation_limit",
            "test_limit");
    static final List<String> TRANSFORMS_KEYS = List.of("train", "eval");
    static final List<String> MODEL_KEYS = List.of("init", "layers");
    static final List<String> TRAINING_KEYS = List.of("epochs", "batch_size", "eval_batch_size");
    static final List<String> EVALUATION_SET_KEYS = List.of("split", "transforms");
    static final List<String> CHECKPOINT_KEYS = List.of("monitor", "mode");
    static final List<String> EARLY_STOPPING_KEYS = List.of("monitor", "patience", "mode", "min_delta");
    /** Prefixes of metrics.csv's own columns; an evaluation set named so would write over them. */
    static final List<String> RESERVED_SET_NAMES = List.of("train", "val", "test");
    static final List<String> TRANSFORM_KINDS = List.of("normalize", "random_rotation");
    static final List<String> LAYER_KINDS = List.of("conv2d", "maxpool", "avgpool", "dense", "dropout", "batchnorm",
            "flatten", "relu", "tanh", "sigmoid", "softmax", "log_softmax");
    static final Map<String, List<String>> LAYER_KEYS = Map.of(
            "conv2d", List.of("filters", "kernel", "stride", "padding", "bias", "init"),
            "maxpool", List.of("kernel", "stride"),
            "avgpool", List.of("kernel", "stride"),
            "dense", List.of("units", "activation", "bias", "init"),
            "dropout", List.of("rate"),
            "batchnorm", List.of("eps", "momentum"));
    static final List<String> OPTIMIZER_KINDS = List.of("sgd", "adam");
    static final Map<String, List<String>> OPTIMIZER_KEYS = Map.of(
            "sgd", List.of("lr", "momentum", "nesterov", "weight_decay"),
            "adam", List.of("lr", "betas", "eps", "weight_decay"));
    static final List<String> INIT_FORMS = List.of("pytorch", "xavier", "he", "normal", "uniform");
    /** The settings of each transform that takes a map. */
    static final Map<String, List<String>> TRANSFORM_KEYS = Map.of(
            "normalize", List.of("mean", "std"),
            "random_rotation", List.of("degrees", "fill"));
    /** The one setting of each init that takes a map: {@code {normal: {std: s}}}, {@code {uniform: {bound: b}}}. */
    static final Map<String, List<String>> INIT_KEYS = Map.of(
            "normal", List.of("std"),
            "uniform", List.of("bound"));
    /** Names other libraries use for our init schemes; only ever suggested, never accepted silently. */
    private static final Map<String, String> INIT_ALIASES = Map.of(
            "kaiming", "he", "kaiming_normal", "he", "he_normal", "he",
            "glorot", "xavier", "glorot_uniform", "xavier", "xavier_uniform", "xavier",
            "default", "pytorch", "torch", "pytorch");
    /** What a missing required section looks like, for the message that asks for it. */
    private static final Map<String, String> SECTION_EXAMPLES = Map.of(
            "dataset", "e.g. dataset: {name: mnist}",
            "model", "a list of layers under model: layers:",
            "optimizer", "e.g. optimizer: {adam: {lr: 0.001}}",
            "training", "with epochs and batch_size");

    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, YNode> nodes = new HashMap<>();
    private final Map<Object, String> beanPaths = new IdentityHashMap<>();
    /** Per map, the valid keys that an unknown key in it was taken for: "missing 'filters'" would repeat it. */
    private final Map<YNode.YMap, Set<String>> suggested = new IdentityHashMap<>();
    private final Position whole;
    // What did map even when the whole spec did not, so that the rules on them still run and every problem in
    // the file is reported at once.
    private String mappedName;
    private ModelSpec mappedModel;
    private LossKind mappedLoss;

    ExperimentMapper(Position whole) {
        this.whole = whole;
    }

    List<Problem> problems() {
        return problems;
    }

    SourceMap sourceMap() {
        return new SourceMap(nodes, whole);
    }

    /** The YAML path each mapped record came from, for tying constraint violations back to the file. */
    Map<Object, String> beanPaths() {
        return beanPaths;
    }

    /** The experiment's name as written, even when other parts of the file are wrong; null when unusable. */
    String mappedName() {
        return mappedName;
    }

    /** The model, when it and all its layers mapped; null otherwise. */
    ModelSpec mappedModel() {
        return mappedModel;
    }

    /** The loss (written or default); null when what was written is not a loss. */
    LossKind mappedLoss() {
        return mappedLoss;
    }

    ExperimentSpec map(YNode root) {
        YNode.YMap top = asMap(root, "", "the experiment");
        if (top == null) {
            return null;
        }
        for (Map.Entry<String, YNode.Entry> e : top.entries().entrySet()) {
            if (ALL_TOP_KEYS.contains(e.getKey())) continue;
            // A misspelt sweep key is suggested as such; the valid list stays the experiment's own keys.
            String sweepKey = Suggestions.closest(e.getKey(), ALL_TOP_KEYS).filter(SWEEP_KEYS::contains).orElse(null);
            problems.add(new Problem(e.getValue().keyAt(), "unknown key '" + e.getKey() + "' in the experiment"
                    + (sweepKey == null ? Suggestions.hint(e.getKey(), TOP_KEYS)
                    : "; did you mean '" + sweepKey + "'? (a key of sweep files)")));
            Suggestions.closest(e.getKey(), TOP_KEYS)
                    .ifPresent(c -> suggested.computeIfAbsent(top, k -> new HashSet<>()).add(c));
        }
        for (String key : SWEEP_KEYS) {
            YNode.Entry e = top.entries().get(key);
            if (e == null) continue;
            problems.add(new Problem(e.keyAt(), key.equals("extends")
                    ? "'extends' names a file relative to this one, so the experiment must be read from a file"
                    : "'" + key + "' belongs to a sweep file (run it with bin/runner FILE.yaml); here one "
                    + "experiment is expected"));
        }
        String name = text(top, "name", "", null, true);
        String description = text(top, "description", "", Defaults.DESCRIPTION, false);
        Long seed = longValue(top, "seed", "", null, true);
        DatasetSpec dataset = dataset(top);
        TransformsSpec transforms = transforms(top);
        ModelSpec model = model(top);
        LossKind loss = choice(top, "loss", "", LossKind.values(), Defaults.LOSS, "loss");
        OptimizerSpec optimizer = optimizer(top);
        TrainingSpec training = training(top);
        List<EvaluationSetSpec> evaluation = evaluation(top, transforms, dataset);
        CheckpointSpec checkpoint = checkpoint(top);
        EarlyStoppingSpec earlyStopping = earlyStopping(top);
        if (evaluation != null && dataset != null) {
            if (checkpoint != null) checkMonitor(checkpoint.monitor(), "checkpoint", evaluation, dataset);
            if (earlyStopping != null) checkMonitor(earlyStopping.monitor(), "early_stopping", evaluation, dataset);
        }
        ReferenceSpec reference = reference(top);
        mappedName = name;
        mappedModel = model;
        mappedLoss = loss;
        if (name == null || seed == null || dataset == null || model == null || optimizer == null
                || training == null || loss == null || evaluation == null) {
            return null;
        }
        ExperimentSpec spec = new ExperimentSpec(name, description, seed, dataset, transforms, model, loss, optimizer,
                training, evaluation, checkpoint, earlyStopping, reference);
        beanPaths.put(spec, "");
        return spec;
    }

    /**
     * The metadata block: {@code source} (required text), {@code tutorial}, {@code model} and {@code note} (text), and any other
     * key a figure (a number). Keys are free, so there is no list of valid ones to check against.
     */
    private ReferenceSpec reference(YNode.YMap top) {
        YNode.YMap m = section(top, "reference", "", false);
        if (m == null) return null;
        String source = text(m, "source", "reference", null, true);
        String tutorial = text(m, "tutorial", "reference", null, false);
        String model = text(m, "model", "reference", null, false);
        String note = text(m, "note", "reference", null, false);
        Map<String, Double> figures = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, YNode.Entry> e : m.entries().entrySet()) {
            String key = e.getKey();
            if (ReferenceSpec.TEXT_KEYS.contains(key)) continue;
            YNode node = e.getValue().value();
            record("reference." + key, node);
            if (!key.matches("[a-z0-9][a-z0-9_]*")) {
                problems.add(new Problem(e.getValue().keyAt(), "reference figure names are lower-case letters, digits "
                        + "and '_', got '" + key + "'"));
            } else if (node instanceof YNode.YScalar s && (s.value() instanceof Long || s.value() instanceof Double)) {
                figures.put(key, ((Number) s.value()).doubleValue());
            } else {
                problems.add(new Problem(node.at(), "reference." + key + " must be a number (a published figure; "
                        + "text goes in source, tutorial, model or note), got " + shown(node)));
            }
        }
        return source == null ? null : new ReferenceSpec(source, tutorial, model, note, figures);
    }

    private DatasetSpec dataset(YNode.YMap top) {
        YNode.YMap m = section(top, "dataset", "", true);
        if (m == null) return null;
        checkKeys(m, "dataset", "dataset", DATASET_KEYS);
        DatasetName name = choice(m, "name", "dataset", DatasetName.values(), null, "dataset");
        if (name == null && m.get("name") == null && !wasSuggested(m, "name")) {
            problems.add(new Problem(m.at(), "dataset needs 'name' (valid: " + names(DatasetName.values()) + ")"));
        }
        double split = number(m, "validation_split", "dataset", Defaults.VALIDATION_SPLIT);
        Integer trainLimit = intValue(m, "train_limit", "dataset", null, false);
        Integer validationLimit = intValue(m, "validation_limit", "dataset", null, false);
        Integer testLimit = intValue(m, "test_limit", "dataset", null, false);
        return name == null ? null : bean(new DatasetSpec(name, split, trainLimit, validationLimit, testLimit),
                "dataset");
    }

    private TransformsSpec transforms(YNode.YMap top) {
        YNode.YMap m = section(top, "transforms", "", false);
        if (m == null) return new TransformsSpec(List.of(), List.of());
        checkKeys(m, "transforms", "transforms", TRANSFORMS_KEYS);
        return new TransformsSpec(transformList(m, "train", "transforms.train", "train transforms"),
                transformList(m, "eval", "transforms.eval", "eval transforms"));
    }

    /** The list under {@code key}; {@code what} names it in messages ("train transforms"). */
    private List<TransformSpec> transformList(YNode.YMap m, String key, String path, String what) {
        YNode node = m.get(key);
        List<TransformSpec> out = new ArrayList<>();
        if (node == null || isNull(node)) return out;
        record(path, node);
        if (!(node instanceof YNode.YSeq seq)) {
            problems.add(new Problem(node.at(), what + " must be a list, got " + node.describe()));
            return out;
        }
        for (int i = 0; i < seq.items().size(); i++) {
            TransformSpec t = transform(seq.items().get(i), path + "[" + i + "]");
            if (t != null) out.add(t);
        }
        return out;
    }

    private TransformSpec transform(YNode item, String path) {
        record(path, item);
        Kind kind = kindOf(item, path, "transform", TRANSFORM_KINDS);
        if (kind == null) return null;
        String p = path + "." + kind.name;
        YNode args = kind.args;
        if (kind.name.equals("normalize")) {
            if (args instanceof YNode.YScalar s && "auto".equals(s.value())) {
                return bean(new TransformSpec.NormalizeAuto(), p);
            }
            YNode.YMap m = args == null ? null : argsMap(args, p, "normalize", "{mean: m, std: s} or auto");
            if (m == null) {
                if (args == null) {
                    problems.add(new Problem(item.at(), "normalize needs {mean: m, std: s} or auto"));
                }
                return null;
            }
            checkKeys(m, p, "normalize", TRANSFORM_KEYS.get("normalize"));
            Double mean = numberRequired(m, "mean", p);
            Double std = numberRequired(m, "std", p);
            return mean == null || std == null ? null : bean(new TransformSpec.Normalize(mean, std), p);
        }
        // random_rotation
        if (args instanceof YNode.YScalar s && s.value() instanceof Number n) {
            record(p + ".degrees", args);
            return bean(new TransformSpec.RandomRotation(n.doubleValue(), Defaults.ROTATION_FILL), p);
        }
        YNode.YMap m = args == null ? null : argsMap(args, p, "random_rotation", "{degrees: d, fill: f}");
        if (m == null) {
            if (args == null) problems.add(new Problem(item.at(), "random_rotation needs {degrees: d}"));
            return null;
        }
        checkKeys(m, p, "random_rotation", TRANSFORM_KEYS.get("random_rotation"));
        Double degrees = numberRequired(m, "degrees", p);
        double fill = number(m, "fill", p, Defaults.ROTATION_FILL);
        return degrees == null ? null : bean(new TransformSpec.RandomRotation(degrees, fill), p);
    }

    private ModelSpec model(YNode.YMap top) {
        YNode.YMap m = section(top, "model", "", true);
        if (m == null) return null;
        checkKeys(m, "model", "model", MODEL_KEYS);
        InitSpec init = Defaults.MODEL_INIT;
        if (m.get("init") != null) {
            init = init(m.get("init"), "model.init");
        }
        YNode layersNode = m.get("layers");
        List<LayerSpec> layers = new ArrayList<>();
        if (layersNode == null) {
            if (!wasSuggested(m, "layers")) {
                problems.add(new Problem(m.at(), "model needs 'layers', a list of layers (valid kinds: "
                        + String.join(", ", LAYER_KINDS) + ")"));
            }
            return null;
        }
        record("model.layers", layersNode);
        if (!(layersNode instanceof YNode.YSeq seq)) {
            problems.add(new Problem(layersNode.at(), "layers must be a list, one '- ' item per layer, got " + layersNode.describe()));
            return null;
        }
        boolean allMapped = true;
        for (int i = 0; i < seq.items().size(); i++) {
            LayerSpec layer = layer(seq.items().get(i), "model.layers[" + i + "]");
            if (layer == null) {
                allMapped = false;
            } else {
                layers.add(layer);
            }
        }
        if (init == null || !allMapped) return null;
        return bean(new ModelSpec(init, layers), "model");
    }

    private LayerSpec layer(YNode item, String path) {
        record(path, item);
        Kind kind = kindOf(item, path, "layer kind", LAYER_KINDS);
        if (kind == null) return null;
        String p = path + "." + kind.name;
        YNode args = kind.args;
        List<String> keys = LAYER_KEYS.get(kind.name);
        if (keys == null) {
            if (args != null && !isNull(args)) {
                problems.add(new Problem(args.at(), kind.name + " takes no settings; write it as '- " + kind.name
                        + "'"));
                return null;
            }
            if (kind.name.equals("flatten")) return bean(new LayerSpec.Flatten(), p);
            return bean(new LayerSpec.ActivationLayer(named(LayerSpec.Activation.values(), kind.name)), p);
        }
        // Shorthands: maxpool: 2, avgpool: 2, dropout: 0.3, dense: 10.
        String shorthandKey = switch (kind.name) {
            case "maxpool", "avgpool" -> "kernel";
            case "dropout" -> "rate";
            case "dense" -> "units";
            default -> null;
        };
        YNode.YMap m;
        if (args == null || isNull(args)) {
            m = new YNode.YMap(item.at());
        } else if (args instanceof YNode.YScalar s && shorthandKey != null) {
            m = new YNode.YMap(args.at());
            m.put(shorthandKey, args.at(), s);
        } else {
            m = argsMap(args, p, kind.name, "{" + String.join(", ", keys) + "}");
            if (m == null) return null;
        }
        checkKeys(m, p, kind.name, keys);
        switch (kind.name) {
            case "conv2d": {
                Integer filters = intValue(m, "filters", p, null, true);
                Integer kernel = intValue(m, "kernel", p, null, true);
                Integer stride = intValue(m, "stride", p, Defaults.CONV_STRIDE, false);
                LayerSpec.Padding padding = padding(m, p);
                boolean bias = bool(m, "bias", p, Defaults.BIAS);
                InitSpec init = m.get("init") == null ? null : init(m.get("init"), p + ".init");
                if (filters == null || kernel == null || stride == null || padding == null
                        || (m.get("init") != null && init == null)) {
                    return null;
                }
                return bean(new LayerSpec.Conv2d(filters, kernel, stride, padding, bias, init), p);
            }
            case "maxpool":
            case "avgpool": {
                Integer kernel = intValue(m, "kernel", p, null, true);
                if (kernel == null) return null;
                Integer stride = intValue(m, "stride", p, kernel, false);
                if (stride == null) return null;
                LayerSpec.PoolKind pool = kind.name.equals("maxpool") ? LayerSpec.PoolKind.MAX : LayerSpec.PoolKind.AVG;
                return bean(new LayerSpec.Pool(pool, kernel, stride), p);
            }
            case "dense": {
                Integer units = intValue(m, "units", p, null, true);
                LayerSpec.Activation activation = choice(m, "activation", p, LayerSpec.Activation.values(),
                        Defaults.DENSE_ACTIVATION, "activation");
                boolean bias = bool(m, "bias", p, Defaults.BIAS);
                InitSpec init = m.get("init") == null ? null : init(m.get("init"), p + ".init");
                if (units == null || activation == null || (m.get("init") != null && init == null)) return null;
                return bean(new LayerSpec.Dense(units, activation, bias, init), p);
            }
            case "dropout":
                return bean(new LayerSpec.Dropout(number(m, "rate", p, Defaults.DROPOUT_RATE)), p);
            case "batchnorm":
                return bean(new LayerSpec.BatchNorm(number(m, "eps", p, Defaults.BATCHNORM_EPS),
                        number(m, "momentum", p, Defaults.BATCHNORM_MOMENTUM)), p);
            default:
                throw new IllegalStateException("layer kind without mapping: " + kind.name);
        }
    }

    private LayerSpec.Padding padding(YNode.YMap m, String p) {
        YNode node = m.get("padding");
        if (node == null) return LayerSpec.Padding.of(Defaults.CONV_PADDING);
        record(p + ".padding", node);
        if (node instanceof YNode.YScalar s) {
            if ("same".equals(s.value())) return LayerSpec.Padding.SAME;
            if (s.value() instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
                return bean(LayerSpec.Padding.of(l.intValue()), p + ".padding");
            }
            problems.add(new Problem(node.at(), "padding must be 0, a positive integer or same, got " + s.shown()));
            return null;
        }
        problems.add(new Problem(node.at(), "padding must be 0, a positive integer or same, got " + node.describe()));
        return null;
    }

    private InitSpec init(YNode node, String path) {
        record(path, node);
        if (node instanceof YNode.YScalar s && s.value() instanceof String word) {
            for (InitSpec.Scheme scheme : InitSpec.Scheme.values()) {
                if (scheme.yamlName().equals(word)) return new InitSpec.Preset(scheme);
            }
            List<String> forms = List.of("pytorch", "xavier", "he", "{normal: {std: s}}", "{uniform: {bound: b}}");
            String alias = INIT_ALIASES.get(word.toLowerCase(Locale.ROOT));
            problems.add(new Problem(node.at(), "unknown init '" + word + "'" + (alias == null
                    ? Suggestions.hint(word, forms)
                    : "; did you mean '" + alias + "'? (valid: " + String.join(", ", forms) + ")")));
            return null;
        }
        if (node instanceof YNode.YMap m && m.entries().size() == 1) {
            String form = m.entries().keySet().iterator().next();
            YNode.Entry entry = m.entries().get(form);
            String p = path + "." + form;
            if (INIT_KEYS.containsKey(form)) {
                String key = INIT_KEYS.get(form).get(0);
                YNode.YMap args = argsMap(entry.value(), p, form, "{" + key + ": x}");
                if (args == null) return null;
                checkKeys(args, p, form, INIT_KEYS.get(form));
                Double x = numberRequired(args, key, p);
                if (x == null) return null;
                return form.equals("normal") ? bean(new InitSpec.Normal(x), p) : bean(new InitSpec.Uniform(x), p);
            }
            problems.add(new Problem(entry.keyAt(), "unknown init '" + form + "'" + Suggestions.hint(form,
                    INIT_FORMS)));
            return null;
        }
        problems.add(new Problem(node.at(), "init must be pytorch, xavier, he, {normal: {std: s}} or "
                + "{uniform: {bound: b}}, got " + node.describe()));
        return null;
    }

    private OptimizerSpec optimizer(YNode.YMap top) {
        YNode.YMap m = section(top, "optimizer", "", true);
        if (m == null) return null;
        List<String> kinds = OPTIMIZER_KINDS;
        for (Map.Entry<String, YNode.Entry> e : m.entries().entrySet()) {
            if (!kinds.contains(e.getKey())) {
                problems.add(new Problem(e.getValue().keyAt(), "unknown optimizer '" + e.getKey() + "'"
                        + Suggestions.hint(e.getKey(), kinds)));
            }
        }
        List<String> given = m.entries().keySet().stream().filter(kinds::contains).toList();
        if (given.size() != 1) {
            if (given.size() > 1) {
                problems.add(new Problem(m.at(), "optimizer must name exactly one of sgd, adam; got "
                        + String.join(" and ", given)));
            } else if (m.entries().isEmpty() || m.entries().keySet().stream().allMatch(kinds::contains)) {
                problems.add(new Problem(m.at(), "optimizer must name exactly one of sgd, adam"));
            }
            return null;
        }
        String kind = given.get(0);
        String p = "optimizer." + kind;
        YNode argsNode = m.get(kind);
        YNode.YMap args = argsNode == null || isNull(argsNode) ? new YNode.YMap(m.at())
                : argsMap(argsNode, p, kind, "{" + String.join(", ", OPTIMIZER_KEYS.get(kind)) + "}");
        if (args == null) return null;
        checkKeys(args, p, kind, OPTIMIZER_KEYS.get(kind));
        double wd = number(args, "weight_decay", p, Defaults.WEIGHT_DECAY);
        if (kind.equals("sgd")) {
            Double lr = numberRequired(args, "lr", p);
            double momentum = number(args, "momentum", p, Defaults.SGD_MOMENTUM);
            boolean nesterov = bool(args, "nesterov", p, Defaults.SGD_NESTEROV);
            return lr == null ? null : bean(new OptimizerSpec.Sgd(lr, momentum, nesterov, wd), p);
        }
        double lr = number(args, "lr", p, Defaults.ADAM_LR);
        double eps = number(args, "eps", p, Defaults.ADAM_EPS);
        double[] betas = {Defaults.ADAM_BETA1, Defaults.ADAM_BETA2};
        YNode betasNode = args.get("betas");
        if (betasNode != null) {
            record(p + ".betas", betasNode);
            if (betasNode instanceof YNode.YSeq seq && seq.items().size() == 2
                    && seq.items().stream().allMatch(ExperimentMapper::isNumber)) {
                for (int i = 0; i < 2; i++) {
                    record(p + ".betas[" + i + "]", seq.items().get(i));
                    betas[i] = ((Number) ((YNode.YScalar) seq.items().get(i)).value()).doubleValue();
                }
            } else {
                problems.add(new Problem(betasNode.at(), "betas must be a list of two numbers, e.g. [0.9, 0.999], got "
                        + shown(betasNode)));
                return null;
            }
        }
        return bean(new OptimizerSpec.Adam(lr, betas[0], betas[1], eps, wd), p);
    }

    /**
     * {@code evaluation:}, a map from set name to {@code {split, transforms}}; an empty list when absent, null when
     * a set is unusable. A set without transforms is seen through the experiment's eval transforms.
     */
    private List<EvaluationSetSpec> evaluation(YNode.YMap top, TransformsSpec transforms, DatasetSpec dataset) {
        List<EvaluationSetSpec> sets = new ArrayList<>();
        YNode node = top.get("evaluation");
        if (node == null || isNull(node)) return sets;
        YNode.YMap m = section(top, "evaluation", "", false);
        if (m == null) return null;
        boolean allMapped = true;
        for (Map.Entry<String, YNode.Entry> e : m.entries().entrySet()) {
            String name = e.getKey();
            String p = "evaluation." + name;
            record(p, e.getValue().value());
            if (!name.matches("[a-z][a-z0-9_]*")) {
                problems.add(new Problem(e.getValue().keyAt(), "evaluation set names are lower-case letters, digits "
                        + "and '_', starting with a letter (they prefix metrics.csv columns), got '" + name + "'"));
                allMapped = false;
                continue;
            }
            if (RESERVED_SET_NAMES.contains(name)) {
                problems.add(new Problem(e.getValue().keyAt(), "evaluation set name '" + name + "' is taken: its "
                        + "columns would clash with " + name + "_loss and " + name + "_accuracy of metrics.csv; "
                        + "choose another, e.g. '" + name + "_rotated'"));
                allMapped = false;
                continue;
            }
            YNode.YMap args = argsMap(e.getValue().value(), p, "evaluation set '" + name + "'",
                    "{split: test|validation|train, transforms: [...]}");
            if (args == null) {
                allMapped = false;
                continue;
            }
            checkKeys(args, p, "evaluation set '" + name + "'", EVALUATION_SET_KEYS);
            SplitName split = choice(args, "split", p, SplitName.values(), null, "split");
            if (split == null) {
                if (args.get("split") == null && !wasSuggested(args, "split")) {
                    problems.add(new Problem(args.at(), "evaluation set '" + name + "' needs 'split' (valid: "
                            + names(SplitName.values()) + ")"));
                }
                allMapped = false;
                continue;
            }
            if (split == SplitName.VALIDATION && dataset != null && dataset.validationSplit() == 0) {
                problems.add(new Problem(args.get("split").at(), "evaluation set '" + name + "' uses the validation "
                        + "split, but dataset.validation_split is 0: set it (e.g. 0.1), or use split: test"));
            }
            List<TransformSpec> setTransforms = args.get("transforms") == null
                    ? transforms.eval()
                    : transformList(args, "transforms", p + ".transforms",
                            "the transforms of evaluation set '" + name + "'");
            sets.add(bean(new EvaluationSetSpec(name, split, setTransforms), p));
        }
        return allMapped ? sets : null;
    }

    private CheckpointSpec checkpoint(YNode.YMap top) {
        YNode.YMap m = section(top, "checkpoint", "", false);
        if (m == null) return null;
        checkKeys(m, "checkpoint", "checkpoint", CHECKPOINT_KEYS);
        String monitor = text(m, "monitor", "checkpoint", Defaults.MONITOR, false);
        MonitorMode mode = choice(m, "mode", "checkpoint", MonitorMode.values(), MonitorMode.natural(monitor),
                "mode");
        return mode == null ? null : bean(new CheckpointSpec(monitor, mode), "checkpoint");
    }

    private EarlyStoppingSpec earlyStopping(YNode.YMap top) {
        YNode.YMap m = section(top, "early_stopping", "", false);
        if (m == null) return null;
        checkKeys(m, "early_stopping", "early_stopping", EARLY_STOPPING_KEYS);
        String monitor = text(m, "monitor", "early_stopping", Defaults.MONITOR, false);
        Integer patience = intValue(m, "patience", "early_stopping", null, true);
        MonitorMode mode = choice(m, "mode", "early_stopping", MonitorMode.values(), MonitorMode.natural(monitor),
                "mode");
        double minDelta = number(m, "min_delta", "early_stopping", Defaults.MIN_DELTA);
        return patience == null || mode == null ? null
                : bean(new EarlyStoppingSpec(monitor, patience, mode, minDelta), "early_stopping");
    }

    /**
     * A monitor must name a metric the run measures every epoch, and not the test set's: choosing the model by the
     * test set would make its test figure optimistic.
     */
    private void checkMonitor(String monitor, String section, List<EvaluationSetSpec> sets, DatasetSpec dataset) {
        YNode node = nodes.get(section + ".monitor");
        Position at = node == null ? nodes.get(section).at() : node.at();
        List<String> valid = new ArrayList<>(List.of("train_loss", "train_accuracy", "val_loss", "val_accuracy"));
        for (EvaluationSetSpec set : sets) {
            valid.add(set.lossColumn());
            valid.add(set.accuracyColumn());
        }
        String what = section + ".monitor";
        if (monitor.equals("test_loss") || monitor.equals("test_accuracy")) {
            problems.add(new Problem(at, what + " cannot be " + monitor + ": choosing the model by the test set makes "
                    + "its test figure optimistic; monitor val_" + monitor.substring(5) + " (with "
                    + "dataset.validation_split > 0) or an evaluation set on the validation split"));
            return;
        }
        if (!valid.contains(monitor)) {
            problems.add(new Problem(at, "unknown metric '" + monitor + "' for " + what
                    + Suggestions.hint(monitor, valid)));
            return;
        }
        if (monitor.startsWith("val_") && dataset.validationSplit() == 0) {
            problems.add(new Problem(at, (node == null ? section + " monitors " + monitor + " by default, which"
                    : what + " " + monitor) + " needs a validation split: set "
                    + "dataset.validation_split (e.g. 0.1), or monitor train_" + monitor.substring(4)));
            return;
        }
        for (EvaluationSetSpec set : sets) {
            if (set.split() == SplitName.TEST
                    && (monitor.equals(set.lossColumn()) || monitor.equals(set.accuracyColumn()))) {
                problems.add(new Problem(at, what + " cannot be " + monitor + ": evaluation set '" + set.name()
                        + "' is drawn from the test split, and choosing the model by the test set makes its test "
                        + "figure optimistic; use split: validation for a set to monitor"));
            }
        }
    }

    private TrainingSpec training(YNode.YMap top) {
        YNode.YMap m = section(top, "training", "", true);
        if (m == null) return null;
        checkKeys(m, "training", "training", TRAINING_KEYS);
        Integer epochs = intValue(m, "epochs", "training", null, true);
        Integer batch = intValue(m, "batch_size", "training", null, true);
        Integer evalBatch = intValue(m, "eval_batch_size", "training", Defaults.EVAL_BATCH_SIZE, false);
        if (epochs == null || batch == null || evalBatch == null) return null;
        return bean(new TrainingSpec(epochs, batch, evalBatch), "training");
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    /** A one-key map ({@code conv2d: {...}}) or a bare word ({@code relu}) naming a kind from {@code kinds}. */
    private record Kind(String name, YNode args) {
    }

    private Kind kindOf(YNode item, String path, String what, List<String> kinds) {
        if (item instanceof YNode.YScalar s && s.value() instanceof String word) {
            if (kinds.contains(word)) return new Kind(word, null);
            problems.add(new Problem(item.at(), "unknown " + what + " '" + word + "'" + Suggestions.hint(word, kinds)));
            return null;
        }
        if (item instanceof YNode.YMap m && m.entries().size() == 1) {
            String word = m.entries().keySet().iterator().next();
            YNode.Entry e = m.entries().get(word);
            if (kinds.contains(word)) {
                record(path + "." + word, e.value());
                return new Kind(word, e.value());
            }
            problems.add(new Problem(e.keyAt(), "unknown " + what + " '" + word + "'" + Suggestions.hint(word, kinds)));
            return null;
        }
        if (item instanceof YNode.YMap m && m.entries().size() > 1) {
            problems.add(new Problem(item.at(), "each list item names one " + what + "; this one has "
                    + String.join(", ", m.entries().keySet()) + " (is a setting indented too little?)"));
            return null;
        }
        problems.add(new Problem(item.at(), "expected a " + what + " (valid: " + String.join(", ", kinds) + "), got "
                + shown(item)));
        return null;
    }

    private YNode.YMap section(YNode.YMap parent, String key, String parentPath, boolean required) {
        YNode node = parent.get(key);
        String path = join(parentPath, key);
        if (node == null) {
            if (required && !wasSuggested(parent, key)) {
                String example = SECTION_EXAMPLES.get(key);
                problems.add(new Problem(parent.at(), "missing required section '" + path + "'"
                        + (example == null ? "" : " (" + example + ")")));
            }
            return null;
        }
        record(path, node);
        return asMap(node, path, key);
    }

    private YNode.YMap asMap(YNode node, String path, String what) {
        if (node instanceof YNode.YMap m) return m;
        problems.add(new Problem(node.at(), what + " must be a map of settings, got " + shown(node)));
        return null;
    }

    private YNode.YMap argsMap(YNode node, String path, String what, String form) {
        if (node instanceof YNode.YMap m) return m;
        problems.add(new Problem(node.at(), what + " takes " + form + ", got " + shown(node)));
        return null;
    }

    private void checkKeys(YNode.YMap m, String path, String context, List<String> valid) {
        for (Map.Entry<String, YNode.Entry> e : m.entries().entrySet()) {
            if (!valid.contains(e.getKey())) {
                problems.add(new Problem(e.getValue().keyAt(), "unknown key '" + e.getKey() + "' in " + context
                        + Suggestions.hint(e.getKey(), valid)));
                Suggestions.closest(e.getKey(), valid)
                        .ifPresent(c -> suggested.computeIfAbsent(m, k -> new HashSet<>()).add(c));
            }
        }
    }

    /** Whether an unknown key in {@code m} was already reported as a misspelling of {@code key}. */
    private boolean wasSuggested(YNode.YMap m, String key) {
        return suggested.getOrDefault(m, Set.of()).contains(key);
    }

    private YNode value(YNode.YMap m, String key, String path, boolean required, String expected) {
        YNode node = m.get(key);
        if (node == null) {
            if (required && !wasSuggested(m, key)) {
                problems.add(new Problem(m.at(), "missing required key '" + key + "' (" + expected + ")"
                        + (path.isEmpty() ? "" : " in " + lastName(path))));
            }
            return null;
        }
        record(join(path, key), node);
        return node;
    }

    private String text(YNode.YMap m, String key, String path, String dflt, boolean required) {
        YNode node = value(m, key, path, required, "text");
        if (node == null) return dflt;
        if (node instanceof YNode.YScalar s && s.value() != null) return s.text();
        problems.add(new Problem(node.at(), key + " must be text, got " + shown(node)));
        return dflt;
    }

    private Long longValue(YNode.YMap m, String key, String path, Long dflt, boolean required) {
        YNode node = value(m, key, path, required, "an integer");
        if (node == null) return dflt;
        if (node instanceof YNode.YScalar s && s.value() instanceof Long l) return l;
        problems.add(new Problem(node.at(), key + " must be an integer, got " + shown(node) + quotedNumber(node)));
        return null;
    }

    private Integer intValue(YNode.YMap m, String key, String path, Integer dflt, boolean required) {
        YNode node = value(m, key, path, required, "an integer");
        if (node == null) return dflt;
        if (node instanceof YNode.YScalar s && s.value() instanceof Long l && l >= Integer.MIN_VALUE
                && l <= Integer.MAX_VALUE) {
            return l.intValue();
        }
        problems.add(new Problem(node.at(), key + " must be an integer, got " + shown(node) + quotedNumber(node)));
        return null;
    }

    private double number(YNode.YMap m, String key, String path, double dflt) {
        Double d = numberOrNull(m, key, path, false);
        return d == null ? dflt : d;
    }

    private Double numberRequired(YNode.YMap m, String key, String path) {
        return numberOrNull(m, key, path, true);
    }

    private Double numberOrNull(YNode.YMap m, String key, String path, boolean required) {
        YNode node = value(m, key, path, required, "a number");
        if (node == null) return null;
        if (isNumber(node)) return ((Number) ((YNode.YScalar) node).value()).doubleValue();
        problems.add(new Problem(node.at(), key + " must be a number, got " + shown(node) + quotedNumber(node)));
        return null;
    }

    private boolean bool(YNode.YMap m, String key, String path, boolean dflt) {
        YNode node = value(m, key, path, false, "true or false");
        if (node == null) return dflt;
        if (node instanceof YNode.YScalar s && s.value() instanceof Boolean b) return b;
        problems.add(new Problem(node.at(), key + " must be true or false, got " + shown(node)));
        return dflt;
    }

    private <E extends Enum<E> & Named> E choice(YNode.YMap m, String key, String path, E[] values, E dflt,
                                                  String what) {
        YNode node = value(m, key, path, false, what);
        if (node == null) return dflt;
        List<String> names = Arrays.stream(values).map(Named::yamlName).toList();
        if (node instanceof YNode.YScalar s && s.value() instanceof String word) {
            E found = named(values, word);
            if (found != null) return found;
            problems.add(new Problem(node.at(), "unknown " + what + " '" + word + "'" + Suggestions.hint(word, names)));
            return null;
        }
        problems.add(new Problem(node.at(), key + " must be one of " + String.join(", ", names) + ", got "
                + shown(node)));
        return null;
    }

    private static <E extends Named> E named(E[] values, String word) {
        for (E v : values) {
            if (v.yamlName().equals(word)) return v;
        }
        return null;
    }

    private static String names(Named[] values) {
        return String.join(", ", Arrays.stream(values).map(Named::yamlName).toList());
    }

    static boolean isNumber(YNode node) {
        return node instanceof YNode.YScalar s && s.value() instanceof Number;
    }

    private static boolean isNull(YNode node) {
        return node instanceof YNode.YScalar s && s.value() == null;
    }

    private static String shown(YNode node) {
        if (node instanceof YNode.YScalar s) return s.value() == null ? "nothing" : s.shown();
        // A short list of plain values reads best as written: "got [0.9]" says more than "got a list".
        if (node instanceof YNode.YSeq seq && seq.items().size() <= 5
                && seq.items().stream().allMatch(i -> i instanceof YNode.YScalar)) {
            return "[" + String.join(", ", seq.items().stream().map(ExperimentMapper::shown).toList()) + "]";
        }
        return node.describe();
    }

    /** Quotes make YAML read 1234 as text; say so, since the value looks right to the person who wrote it. */
    private static String quotedNumber(YNode node) {
        return node instanceof YNode.YScalar s && s.quoted() && YamlTreeLoader.number(s.text()) != null
                ? " (quoted, so it is text: remove the quotes)" : "";
    }

    private void record(String path, YNode node) {
        nodes.put(path, node);
    }

    private <T> T bean(T bean, String path) {
        beanPaths.put(bean, path);
        return bean;
    }

    /** "conv2d" for "model.layers[3].conv2d": the word the user wrote around the missing key. */
    private static String lastName(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    private static String join(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
