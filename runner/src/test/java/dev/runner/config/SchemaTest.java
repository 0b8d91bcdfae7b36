package dev.runner.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.runner.config.tree.YNode;
import dev.runner.config.tree.YamlTreeLoader;
import dev.runner.sweep.SlurmOptions;
import dev.runner.sweep.SweepFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps {@code schemas/experiment.schema.json} from drifting: the examples, sweep files, files with {@code extends}
 * and valid fixtures pass it, the misspelt-key fixtures fail it, its keys are exactly the loader's, place by place, and
 * on sweep sections it accepts and refuses what the loader does.
 */
class SchemaTest {
    static final Path SCHEMA = Path.of("../schemas/experiment.schema.json");
    private static JsonNode schemaJson;
    private static JsonSchema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        schemaJson = new ObjectMapper().readTree(SCHEMA.toFile());
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schemaJson);
    }

    /** The document as the loader reads it (so that {@code 1e-3} is the number it is to the runner), as JSON. */
    static JsonNode json(Path file) throws Exception {
        return json(new YamlTreeLoader().load(file).root());
    }

    private static JsonNode json(YNode node) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (node instanceof YNode.YMap m) {
            ObjectNode o = f.objectNode();
            m.entries().forEach((k, e) -> o.set(k, json(e.value())));
            return o;
        }
        if (node instanceof YNode.YSeq s) {
            ArrayNode a = f.arrayNode();
            s.items().forEach(i -> a.add(json(i)));
            return a;
        }
        Object v = ((YNode.YScalar) node).value();
        if (v instanceof Long l) return f.numberNode(l);
        if (v instanceof Double d) return f.numberNode(d);
        if (v instanceof Boolean b) return f.booleanNode(b);
        return v == null ? f.nullNode() : f.textNode((String) v);
    }

    static List<Path> validFiles() throws IOException {
        return YamlLoadingTest.specFiles();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validFiles")
    void examplesAndValidFixturesPassTheSchema(Path file) throws Exception {
        Set<ValidationMessage> errors = schema.validate(json(file));

        assertEquals(Set.of(), errors);
    }

    static List<Path> misspeltKeyFixtures() throws IOException {
        try (Stream<Path> s = Files.list(ValidateGoldenTest.INVALID)) {
            return s.filter(p -> p.getFileName().toString().matches("(unknown|typo)_.*\\.yaml")).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("misspeltKeyFixtures")
    void unknownNamesAndKeysFailTheSchemaToo(Path file) throws Exception {
        assertFalse(schema.validate(json(file)).isEmpty(), "the schema accepts " + file);
    }

    /** Files under experiments/ and the valid fixtures that are sweeps or extend another file. */
    static List<Path> sweepAndExtendsFiles() throws IOException {
        Pattern ownKey = Pattern.compile("(?m)^(sweep|extends):");
        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(Path.of("../experiments"), ValidateGoldenTest.VALID)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                    if (ownKey.matcher(Files.readString(p)).find()) files.add(p);
                }
            }
        }
        return files;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sweepAndExtendsFiles")
    void sweepAndExtendsFilesPassTheSchema(Path file) throws Exception {
        assertEquals("", loaderProblems(file), "the runner refuses it, so it is no example for the schema");

        assertEquals(Set.of(), schema.validate(json(file)));
    }

    @Test
    void thereAreSweepFilesToCheck() throws IOException {
        assertTrue(sweepAndExtendsFiles().stream().anyMatch(YamlLoadingTest::isSweep), sweepAndExtendsFiles()
                .toString());
    }

    /**
     * The README's sweep file (it extends lenet.yaml) with its cluster section's {@code executor:} added: every sweep
     * key in one file, as the README shows them.
     */
    @Test
    void theReadmesSweepFilePassesTheSchema(@TempDir Path dir) throws Exception {
        String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
        String sweep = yamlBlock(readme, "## Sweeps", "");
        String executor = yamlBlock(readme, "## Running on a cluster", "  ");
        assertTrue(sweep.contains("\nsweep:") && sweep.startsWith("extends: lenet.yaml"), sweep);
        assertTrue(executor.startsWith("executor:\n  slurm:"), executor);
        Path file = Files.writeString(dir.resolve("readme-sweep.yaml"), sweep.replace("extends: lenet.yaml",
                "extends: " + Path.of("../experiments/lenet.yaml").toAbsolutePath().normalize()) + executor);

        assertEquals("", loaderProblems(file));
        assertEquals(Set.of(), schema.validate(json(file)));
    }

    /** The first yaml block after {@code heading}, its lines written with {@code indent} before them, unindented. */
    private static String yamlBlock(String readme, String heading, String indent) {
        int section = readme.indexOf("\n" + heading + "\n");
        assertTrue(section >= 0, "README.md has no section '" + heading + "'");
        String fence = indent + "```yaml\n";
        int start = readme.indexOf(fence, section);
        assertTrue(start >= 0, "no yaml block under '" + heading + "'");
        start += fence.length();
        String block = readme.substring(start, readme.indexOf(indent + "```\n", start));
        StringBuilder out = new StringBuilder();
        for (String line : block.split("\n", -1)) {
            out.append(line.startsWith(indent) ? line.substring(indent.length()) : line).append('\n');
        }
        return out.toString().stripTrailing() + "\n";
    }

    /** What the runner says against the file: empty when it would run it (a sweep: its section and base experiment). */
    private static String loaderProblems(Path file) {
        try (ExperimentLoader loader = new ExperimentLoader()) {
            if (SweepFile.isSweep(file)) {
                loader.resolve(SweepFile.load(loader, file).base(), List.of(), List.of());
            } else {
                loader.load(file, List.of());
            }
            return "";
        } catch (InvalidExperimentException e) {
            return e.render();
        }
    }

    static final String EXPERIMENT = """
            name: s
            seed: 1
            dataset: {name: mnist, validation_split: 0.1}
            model:
              layers: [flatten, {dense: 32}, relu, {dropout: 0.2}, {dense: 10}]
            optimizer: {adam: {lr: 0.001}}
            training: {epochs: 4, batch_size: 32}
            """;

    /** Whether the runner takes the file, and its text; {@code %B} stands for {@code extends:} quick.yaml. */
    private static Arguments sweepCase(boolean valid, String yaml) {
        return Arguments.of(valid, yaml);
    }

    /**
     * Sweep sections and files with and without {@code extends}, each with whether the runner takes it, and the
     * schema must agree: keys misspelt at every depth, values out of range or of the wrong form, sweep keys in a plain
     * experiment, required keys left out without a base to give them. Not here, because a schema cannot tell: low <
     * high, min_epochs below every point's epochs, the 10,000-point limit, and what a file with extends gets from its
     * base.
     */
    static List<Arguments> sweepCases() {
        String grid = "sweep:\n  grid: {optimizer.adam.lr: [0.01, 0.001]}\n";
        return List.of(
                sweepCase(true, EXPERIMENT + """
                        sweep:
                          grid:
                            optimizer.adam.lr: [0.01, 0.001]
                            model.layers[1].dense.units: [16, 32]
                          random:
                            samples: 3
                            seed: 5
                            space:
                              optimizer.adam.lr: {loguniform: [1e-4, 1e-1]}
                              model.layers[3].dropout.rate: {uniform: [0.0, 0.5]}
                              training.batch_size: {randint: [16, 64]}
                              model.layers[1]: {choice: [{dense: 16}, {dense: 64}]}
                          seeds: [1, 2, 3]
                          order: shuffled
                          budget: 2h30m
                          prune: {successive_halving: {min_epochs: 1, reduction_factor: 2}}
                        rank_by: val_loss
                        executor:
                          slurm: {partition: gpu, time: "1-12:00", cpus_per_task: 4, mem: 8G,
                                  options: ["--account=ml101", "--mem-per-cpu=2G", -q]}
                        """),
                sweepCase(true, EXPERIMENT + "sweep: {seeds: [3]}\nexecutor: {slurm: {time: 90, mem: 8000}}\n"),
                sweepCase(true, EXPERIMENT + "sweep: {seeds: [3], budget: 90s, order: in-order}\nexecutor: {}\n"),
                sweepCase(true, "%B\nname: t\ntraining: {epochs: 3}\ndataset: {train_limit: 500}\nsweep:\n"
                        + "  grid: {optimizer.sgd.lr: [0.1, 0.05]}\n"),
                sweepCase(true, "%B\nname: longer\ntraining: {epochs: 4}\n"),
                // Misspelt keys, at every level.
                sweepCase(false, EXPERIMENT + "sweep:\n  grd: {optimizer.adam.lr: [0.01]}\n  seeds: [1]\n"),
                sweepCase(false, EXPERIMENT + "sweeps:\n  seeds: [1]\n"),
                sweepCase(false, EXPERIMENT + grid + "  prune: {successive_halvng: {min_epochs: 1}}\n"),
                sweepCase(false, EXPERIMENT + grid + "  prune: {successive_halving: {min_epoch: 1}}\n"),
                sweepCase(false, EXPERIMENT + "sweep:\n  random: {samples: 2, spce: {optimizer.adam.lr: "
                        + "{uniform: [0.1, 0.2]}}}\n"),
                sweepCase(false, EXPERIMENT + "sweep:\n  random: {samples: 2, space: {optimizer.adam.lr: "
                        + "{loguniforn: [0.1, 0.2]}}}\n"),
                sweepCase(false, EXPERIMENT + grid + "rank_by: val_acuracy\n"),
                sweepCase(false, EXPERIMENT + grid + "executor: {slrum: {partition: gpu}}\n"),
                sweepCase(false, EXPERIMENT + grid + "executor: {slurm: {partiton: gpu}}\n"),
                sweepCase(false, "%B\nsweep:\n  gird: {optimizer.sgd.lr: [0.1]}\n  seeds: [1]\n"),
                // Values out of range or of the wrong form.
                sweepCase(false, EXPERIMENT + "sweep: {order: shuffled}\n"),
                sweepCase(false, EXPERIMENT + "sweep:\n  grid: {training.epochs: []}\n"),
                sweepCase(false, EXPERIMENT + "sweep:\n  grid: {training.epochs: 3}\n"),
                sweepCase(false, EXPERIMENT + "sweep:\n  grid: {seed: [1, 2]}\n"),
                sweepCase(false, EXPERIMENT + "sweep:\n  grid: {name: [a, b]}\n"),
                sweepCase(false, EXPERIMENT + "sweep:\n  grid: {optimizer..lr: [0.1]}\n"),
                sweepCase(false, EXPERIMENT + "sweep: {seeds: []}\n"),
                sweepCase(false, EXPERIMENT + "sweep: {seeds: [1, 1]}\n"),
                sweepCase(false, EXPERIMENT + "sweep: {seeds: [1.5]}\n"),
                sweepCase(false, EXPERIMENT + grid + "  order: random\n"),
                sweepCase(false, EXPERIMENT + grid + "  budget: 0s\n"),
                sweepCase(false, EXPERIMENT + grid + "  budget: 2 hours\n"),
                sweepCase(false, EXPERIMENT + grid + "  budget: 90\n"),
                sweepCase(false, EXPERIMENT + grid + "  prune: {successive_halving: {min_epochs: 0}}\n"),
                sweepCase(false, EXPERIMENT + grid + "  prune: {successive_halving: {min_epochs: 1, "
                        + "reduction_factor: 1}}\n"),
                sweepCase(false, EXPERIMENT + grid + "  prune: {}\n"),
                sweepCase(false, EXPERIMENT + "sweep:\n  random: {samples: 0, space: {optimizer.adam.lr: "
                        + "{uniform: [0.1, 0.2]}}}\n"),
                sweepCase(false, EXPERIMENT + "sweep:\n  random: {samples: 2}\n"),
                sweepCase(false, EXPERIMENT + "sweep:\n  random: {samples: 2, space: {optimizer.adam.lr: "
                        + "{loguniform: [0, 0.1]}}}\n"),
                sweepCase(false, EXPERIMENT + "sweep:\n  random: {samples: 2, space: {training.epochs: "
                        + "{randint: [1.5, 4]}}}\n"),
                sweepCase(false, EXPERIMENT + "sweep:\n  random: {samples: 2, space: {optimizer.adam.lr: "
                        + "{uniform: [0.1]}}}\n"),
                sweepCase(false, EXPERIMENT + "sweep:\n  random: {samples: 2, space: {optimizer.adam.lr: "
                        + "{uniform: [0.1, 0.2], choice: [0.1]}}}\n"),
                sweepCase(false, EXPERIMENT + "sweep:\n  random: {samples: 2, space: {training.epochs: "
                        + "{choice: []}}}\n"),
                sweepCase(false, EXPERIMENT + grid + "rank_by: test_accuracy\n"),
                sweepCase(false, EXPERIMENT + grid + "executor: {slurm: {cpus_per_task: 0}}\n"),
                sweepCase(false, EXPERIMENT + grid + "executor: {slurm: {mem: 8GB}}\n"),
                sweepCase(false, EXPERIMENT + grid + "executor: {slurm: {time: 2 hours}}\n"),
                sweepCase(false, EXPERIMENT + grid + "executor: {slurm: {partition: gpu queue}}\n"),
                sweepCase(false, EXPERIMENT + grid + "executor: {slurm: {options: [\"--array=1-3\"]}}\n"),
                sweepCase(false, EXPERIMENT + grid + "executor: {slurm: {options: [account=ml101]}}\n"),
                sweepCase(false, EXPERIMENT + grid + "executor: {slurm: {options: --qos=short}}\n"),
                // A sweep key in a plain experiment; what only extends may leave out.
                sweepCase(false, EXPERIMENT + "rank_by: val_loss\n"),
                sweepCase(false, EXPERIMENT + "executor: {slurm: {partition: gpu}}\n"),
                sweepCase(false, EXPERIMENT.replace("training: {epochs: 4, batch_size: 32}", "training: {epochs: 4}")),
                sweepCase(false, EXPERIMENT.replace("dataset: {name: mnist, validation_split: 0.1}",
                        "dataset: {validation_split: 0.1}") + grid),
                sweepCase(false, EXPERIMENT.replace("name: s\n", "") + grid),
                sweepCase(false, "extends: \"\"\n" + EXPERIMENT));
    }

    @ParameterizedTest(name = "[{index}] valid={0}")
    @MethodSource("sweepCases")
    void theSchemaTakesTheSweepFilesTheRunnerTakes(boolean valid, String yaml, @TempDir Path dir) throws Exception {
        Path base = Path.of("../experiments/quick.yaml").toAbsolutePath().normalize();
        Path file = Files.writeString(dir.resolve("s.yaml"), yaml.replace("%B", "extends: " + base));

        String problems = loaderProblems(file);
        Set<ValidationMessage> errors = schema.validate(json(file));

        assertEquals(valid, problems.isEmpty(), "the runner on\n" + yaml + "\n" + problems);
        assertEquals(valid, errors.isEmpty(), "the schema on\n" + yaml + "\n" + errors);
    }

    @Test
    void theSchemaRefusesEveryOptionTheSlurmExecutorSetsItself() {
        JsonNode items = def("slurm").path("properties").path("options").path("items");
        JsonSchema option = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(items);
        JsonNodeFactory f = JsonNodeFactory.instance;
        for (String owned : SlurmOptions.OWNED) {
            for (String given : List.of(owned, owned + "=1")) {
                assertFalse(option.validate(f.textNode(given)).isEmpty(), given);
            }
            if (!owned.startsWith("--")) { // -pgpu is -p gpu
                assertFalse(option.validate(f.textNode(owned + "gpu")).isEmpty(), owned + "gpu");
            }
        }
        for (String free : List.of("--account=ml101", "--qos=short", "--mem-per-cpu=2G", "--time-min=10", "-q",
                "--exclusive", "-Aml101")) {
            assertEquals(Set.of(), option.validate(f.textNode(free)), free);
        }
    }

    @Test
    void examplesDeclareTheSchemaForEditors() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("../experiments"))) {
            for (Path p : s.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                assertEquals("# yaml-language-server: $schema=../schemas/experiment.schema.json",
                        Files.readAllLines(p).get(0), p.toString());
            }
        }
    }

    private static JsonNode def(String name) {
        JsonNode d = schemaJson.path("definitions").path(name);
        assertFalse(d.isMissingNode(), "no definitions/" + name);
        return d;
    }

    private static Set<String> keys(JsonNode schemaNode) {
        Set<String> keys = new TreeSet<>();
        schemaNode.path("properties").fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static Set<String> set(Iterable<String> words) {
        Set<String> s = new TreeSet<>();
        words.forEach(s::add);
        return s;
    }

    private static Set<String> names(Named[] values) {
        return set(Arrays.stream(values).map(Named::yamlName).toList());
    }

    private static Set<String> enumOf(JsonNode node) {
        Set<String> s = new TreeSet<>();
        node.forEach(v -> s.add(v.asText()));
        return s;
    }

    @Test
    void theSchemaHasExactlyTheKeysTheLoaderAccepts() {
        assertEquals(set(Stream.concat(ExperimentMapper.TOP_KEYS.stream(), ExperimentLoader.SWEEP_KEYS.stream())
                .toList()), keys(schemaJson));
        assertEquals(set(DatasetMapper.KEYS), keys(def("dataset")));
        assertEquals(set(TransformsMapper.KEYS), keys(def("transforms")));
        assertEquals(set(TransformsMapper.KINDS), keys(def("transform")));
        for (Map.Entry<String, List<String>> e : TransformsMapper.KIND_KEYS.entrySet()) {
            assertEquals(set(e.getValue()), keys(def(e.getKey())), e.getKey());
        }
        assertEquals(set(ModelMapper.KEYS), keys(def("model")));
        assertEquals(set(ModelMapper.LAYER_KINDS), keys(def("layer")));
        for (Map.Entry<String, List<String>> e : ModelMapper.LAYER_KEYS.entrySet()) {
            assertEquals(set(e.getValue()), keys(def(e.getKey())), e.getKey());
        }
        assertEquals(set(OptimizerMapper.KINDS), keys(def("optimizer")));
        for (Map.Entry<String, List<String>> e : OptimizerMapper.KIND_KEYS.entrySet()) {
            assertEquals(set(e.getValue()), keys(def(e.getKey())), e.getKey());
        }
        assertEquals(set(ScheduleMapper.KEYS), keys(def("schedule")));
        for (Map.Entry<String, List<String>> e : ScheduleMapper.KIND_KEYS.entrySet()) {
            assertEquals(set(e.getValue()), keys(def("schedule_" + e.getKey())), e.getKey());
        }
        JsonNode loss = schemaJson.path("properties").path("loss");
        assertEquals(LossMapper.KIND_KEYS.keySet(), keys(loss));
        for (Map.Entry<String, List<String>> e : LossMapper.KIND_KEYS.entrySet()) {
            assertEquals(set(e.getValue()), keys(loss.path("properties").path(e.getKey())), e.getKey());
        }
        assertEquals(set(TrainingMapper.KEYS), keys(def("training")));
        assertEquals(set(EvaluationMapper.SET_KEYS), keys(def("evaluation_set")));
        assertEquals(set(CheckpointMapper.KEYS), keys(def("checkpoint")));
        assertEquals(set(EarlyStoppingMapper.KEYS), keys(def("early_stopping")));
        assertEquals(InitMapper.KEYS.keySet(), keys(def("init")));
        for (Map.Entry<String, List<String>> e : InitMapper.KEYS.entrySet()) {
            assertEquals(set(e.getValue()), keys(def("init").path("properties").path(e.getKey())), e.getKey());
        }
    }

    @Test
    void theSchemaHasExactlyTheSweepKeysTheLoaderAccepts() {
        assertEquals(set(SweepFile.SECTION_KEYS), keys(def("sweep")));
        assertEquals(set(SweepFile.RANDOM_KEYS), keys(def("random_search")));
        assertEquals(set(SweepFile.DISTRIBUTIONS), keys(def("distribution")));
        assertEquals(set(SweepFile.PRUNE_KEYS), keys(def("prune")));
        assertEquals(set(SweepFile.HALVING_KEYS), keys(def("successive_halving")));
        assertEquals(set(SlurmOptions.EXECUTOR_KEYS), keys(def("executor")));
        assertEquals(set(SlurmOptions.FILE_KEYS), keys(def("slurm")));
        assertEquals(set(SweepFile.RANK_METRICS), enumOf(schemaJson.path("properties").path("rank_by").path("enum")));
        assertEquals(set(Arrays.stream(SweepFile.Order.values()).map(SweepFile.Order::word).toList()),
                enumOf(def("sweep").path("properties").path("order").path("enum")));
        // The sweep's own keys lead to these definitions.
        for (String key : List.of("sweep", "executor")) {
            assertEquals("#/definitions/" + key, schemaJson.path("properties").path(key).path("$ref").asText(), key);
        }
        assertEquals("#/definitions/random_search", def("sweep").path("properties").path("random").path("$ref")
                .asText());
        assertEquals("#/definitions/prune", def("sweep").path("properties").path("prune").path("$ref").asText());
        assertEquals("#/definitions/successive_halving", def("prune").path("properties").path("successive_halving")
                .path("$ref").asText());
        assertEquals("#/definitions/slurm", def("executor").path("properties").path("slurm").path("$ref").asText());
    }

    /**
     * definitions/complete holds what a file without {@code extends} must give itself (a file with it may leave that
     * to its base). It only asks for keys: each it names is one the schema has at that place.
     */
    @Test
    void whatAFileWithoutExtendsMustGiveNamesKeysOfTheirPlace() {
        assertEquals("#/definitions/complete", schemaJson.path("then").path("$ref").asText());
        assertEquals(List.of("extends"), List.of(schemaJson.path("if").path("not").path("required").get(0)
                .asText()));
        List<String> faults = new ArrayList<>();
        overlay(def("complete"), schemaJson, "#/definitions/complete", faults);
        assertEquals(List.of(), faults);
    }

    private static JsonNode resolved(JsonNode node) {
        while (node.has("$ref")) {
            node = schemaJson.at(node.path("$ref").asText().substring(1));
        }
        return node;
    }

    private static boolean hasKey(JsonNode schemaNode, String key) {
        if (schemaNode.path("properties").has(key)) return true;
        for (Iterator<String> it = schemaNode.path("patternProperties").fieldNames(); it.hasNext(); ) {
            if (Pattern.compile(it.next()).matcher(key).find()) return true;
        }
        return false;
    }

    private static void overlay(JsonNode rules, JsonNode schemaNode, String where, List<String> faults) {
        JsonNode place = resolved(schemaNode);
        for (Iterator<Map.Entry<String, JsonNode>> it = rules.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            switch (f.getKey()) {
                case "description" -> { }
                case "required" -> f.getValue().forEach(k -> {
                    if (!hasKey(place, k.asText())) faults.add(where + ": requires unknown key " + k.asText());
                });
                case "dependencies" -> f.getValue().fields().forEachRemaining(d -> {
                    if (!hasKey(place, d.getKey())) faults.add(where + ": dependency of unknown key " + d.getKey());
                    d.getValue().forEach(k -> {
                        if (!hasKey(place, k.asText())) faults.add(where + ": depends on unknown key " + k.asText());
                    });
                });
                case "properties" -> f.getValue().fields().forEachRemaining(p -> {
                    if (!place.path("properties").has(p.getKey())) {
                        faults.add(where + ": no key " + p.getKey() + " here");
                    } else {
                        overlay(p.getValue(), place.path("properties").path(p.getKey()),
                                where + "/properties/" + p.getKey(), faults);
                    }
                });
                case "additionalProperties" -> {
                    if (!place.path("additionalProperties").isObject()) {
                        faults.add(where + ": no open map here");
                    } else {
                        overlay(f.getValue(), place.path("additionalProperties"), where + "/additionalProperties",
                                faults);
                    }
                }
                default -> faults.add(where + ": " + f.getKey() + " does more than ask for keys");
            }
        }
    }

    @Test
    void theSchemaHasExactlyTheLoadersNames() {
        assertEquals(names(DatasetName.values()),
                enumOf(def("dataset").path("properties").path("name").path("enum")));
        assertEquals(names(LossKind.values()), enumOf(schemaJson.path("properties").path("loss").path("then")
                .path("enum")));
        assertEquals(names(ScheduleSpec.Anneal.values()), enumOf(def("schedule_onecycle").path("properties")
                .path("anneal_strategy").path("enum")));
        assertEquals(names(SplitName.values()), enumOf(def("evaluation_set").path("properties").path("split")
                .path("enum")));
        assertEquals(names(MonitorMode.values()), enumOf(def("checkpoint").path("properties").path("mode")
                .path("enum")));
        assertEquals(set(EvaluationMapper.RESERVED_SET_NAMES), enumOf(schemaJson.path("properties")
                .path("evaluation").path("propertyNames").path("not").path("enum")));
        assertEquals(names(LayerSpec.Activation.values()),
                enumOf(def("dense").path("properties").path("activation").path("enum")));
        assertEquals(names(InitSpec.Scheme.values()), enumOf(def("init").path("then").path("enum")));
        assertEquals(names(Reproducibility.values()),
                enumOf(schemaJson.path("properties").path("reproducibility").path("enum")));
        // The bare words the schema allows as layers are kinds the loader knows, and need no settings.
        Set<String> bare = enumOf(def("layer").path("then").path("enum"));
        assertTrue(set(ModelMapper.LAYER_KINDS).containsAll(bare), bare.toString());
        for (String kind : ModelMapper.LAYER_KINDS) {
            boolean schemaTakesSettings = def("layer").path("properties").path(kind).has("$ref");
            assertEquals(ModelMapper.LAYER_KEYS.containsKey(kind), schemaTakesSettings,
                    kind + ": settings in the schema exactly when the loader takes settings");
        }
    }

    @Test
    void everyKeyIsDescribedAndEveryFixedMapIsClosed() {
        List<String> faults = new ArrayList<>();
        walk(schemaJson, "#", faults);
        assertEquals(List.of(), faults);
    }

    private static void walk(JsonNode node, String where, List<String> faults) {
        // Not a map of its own but requirements laid over the others' places; checked by whatAFileWithoutExtends...
        if (where.equals("#/definitions/complete")) return;
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) walk(node.get(i), where + "/" + i, faults);
            return;
        }
        if (!node.isObject()) return;
        if (node.has("properties")) {
            if (!node.path("additionalProperties").isBoolean() || node.path("additionalProperties").asBoolean()) {
                faults.add(where + ": additionalProperties must be false");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.path("properties").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                if (p.getValue().path("description").asText("").isBlank()) {
                    faults.add(where + "/properties/" + p.getKey() + ": no description");
                }
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getKey().equals("enum") && !f.getKey().equals("required")) {
                walk(f.getValue(), where + "/" + f.getKey(), faults);
            }
        }
    }

    @Test
    void aMisspeltConvKeyIsReportedAgainstConv2dsOwnKeys() throws Exception {
        // One branch per kind: the error names conv2d's keys, not a wall of failures from every other kind.
        Set<ValidationMessage> errors = schema.validate(json(ValidateGoldenTest.INVALID.resolve(
                "unknown_conv2d_key.yaml")));

        List<String> messages = errors.stream().map(ValidationMessage::getMessage).sorted().toList();
        assertTrue(messages.stream().allMatch(m -> m.contains("layers[3].conv2d")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.contains("filter")), messages.toString());
    }
}
