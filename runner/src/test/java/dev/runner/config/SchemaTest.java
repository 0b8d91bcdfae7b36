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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps {@code schemas/experiment.schema.json} from drifting: the examples and valid fixtures pass it, the
 * misspelt-key fixtures fail it, and its keys are exactly the loader's, place by place.
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

    @Test
    void examplesDeclareTheSchemaForEditors() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("../experiments"))) {
            for (Path p : s.filter(f -> f.toString().endsWith(".yaml") && !YamlLoadingTest.isSweep(f)).toList()) {
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
        assertEquals(set(ExperimentMapper.TOP_KEYS), keys(schemaJson));
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
