package dev.runner.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.DumperOptions;

/**
 * Reads YAML text into a {@link YNode} tree with SnakeYAML's safe composer (no object construction), keeping every
 * node's position. Hostile input (huge files, binary data, alias bombs, deep nesting) fails fast with a clear problem.
 */
public final class YamlTreeLoader {
    /** Experiments are a page or two of text; anything this large is not one. */
    public static final int MAX_FILE_BYTES = 1 << 20;
    private static final int MAX_ALIASES = 50;
    private static final int MAX_DEPTH = 64;
    private static final int MAX_NODES = 200_000;

    public record Loaded(YNode root, SourceText text) {
    }

    public Loaded load(Path file) throws InvalidExperimentException {
        String name = file.toString();
        Position whole = new Position(name, 0, 0);
        if (Files.isDirectory(file)) {
            throw new InvalidExperimentException(new Problem(whole, "is a directory; give an experiment file (.yaml)"));
        }
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new InvalidExperimentException(new Problem(whole, "file is " + size
                        + " bytes; an experiment file is at most " + MAX_FILE_BYTES + " bytes"));
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidExperimentException(new Problem(whole, "no such file"));
        } catch (IOException e) {
            throw new InvalidExperimentException(new Problem(whole, "cannot read file: " + e.getMessage()));
        }
        return parse(name, decode(name, bytes));
    }

    private static String decode(String name, byte[] bytes) throws InvalidExperimentException {
        for (byte b : bytes) {
            if (b == 0) {
                throw new InvalidExperimentException(new Problem(new Position(name, 0, 0),
                        "binary data, not a YAML text file"));
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidExperimentException(new Problem(new Position(name, 0, 0),
                    "not UTF-8 text; save the experiment as UTF-8 YAML"));
        }
    }

    /** Parses YAML text; {@code name} is what positions call the source. */
    public Loaded parse(String name, String text) throws InvalidExperimentException {
        SourceText source = SourceText.of(name, text);
        if (text.isBlank()) {
            throw new InvalidExperimentException(java.util.List.of(new Problem(new Position(name, 1, 1),
                    "file is empty; an experiment needs at least: name, seed, dataset, model, loss, optimizer, training")),
                    source);
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_FILE_BYTES);
        options.setAllowRecursiveKeys(false);
        Yaml yaml = new Yaml(new SafeConstructor(options), new org.yaml.snakeyaml.representer.Representer(
                new DumperOptions()), new DumperOptions(), options);
        Node root;
        try {
            root = yaml.compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String message = e.getProblem() != null ? e.getProblem() : e.getMessage();
            if (e.getContext() != null && !message.contains(e.getContext())) {
                message = message + " (" + e.getContext() + ")";
            }
            throw new InvalidExperimentException(java.util.List.of(new Problem(at(name, mark),
                    "YAML syntax: " + tidy(message))), source);
        } catch (YAMLException e) {
            throw new InvalidExperimentException(java.util.List.of(new Problem(new Position(name, 1, 1),
                    "YAML: " + tidy(e.getMessage()))), source);
        }
        if (root == null) {
            throw new InvalidExperimentException(java.util.List.of(new Problem(new Position(name, 1, 1),
                    "file has no YAML content")), source);
        }
        Converter converter = new Converter(name);
        YNode tree = converter.convert(root, 0);
        if (!converter.problems.isEmpty()) {
            throw new InvalidExperimentException(converter.problems, source);
        }
        return new Loaded(tree, source);
    }

    private static String tidy(String message) {
        String m = message.strip();
        if (m.contains("found character '\\t'")) {
            return "a tab character; indent YAML with spaces";
        }
        return m.replace("\n", " ");
    }

    private static Position at(String name, Mark mark) {
        return mark == null ? new Position(name, 1, 1) : new Position(name, mark.getLine() + 1, mark.getColumn() + 1);
    }

    private static final class Converter {
        private final String name;
        private final java.util.List<Problem> problems = new java.util.ArrayList<>();
        private int nodes;

        Converter(String name) {
            this.name = name;
        }

        YNode convert(Node node, int depth) throws InvalidExperimentException {
            if (++nodes > MAX_NODES || depth > MAX_DEPTH) {
                throw new InvalidExperimentException(new Problem(at(name, node.getStartMark()),
                        "document too large or too deeply nested once aliases are expanded"));
            }
            Position pos = at(name, node.getStartMark());
            if (node instanceof MappingNode map) {
                YNode.YMap out = new YNode.YMap(pos);
                Set<String> seen = new HashSet<>();
                for (NodeTuple tuple : map.getValue()) {
                    Node keyNode = tuple.getKeyNode();
                    Position keyAt = at(name, keyNode.getStartMark());
                    if (!(keyNode instanceof ScalarNode scalarKey)) {
                        problems.add(new Problem(keyAt, "a key must be a plain word, not a list or map"));
                        continue;
                    }
                    String key = scalarKey.getValue();
                    if (!seen.add(key)) {
                        problems.add(new Problem(keyAt, "duplicate key '" + key + "'"));
                        continue;
                    }
                    out.put(key, keyAt, convert(tuple.getValueNode(), depth + 1));
                }
                return out;
            }
            if (node instanceof SequenceNode seq) {
                YNode.YSeq out = new YNode.YSeq(pos);
                for (Node item : seq.getValue()) {
                    out.items().add(convert(item, depth + 1));
                }
                return out;
            }
            ScalarNode scalar = (ScalarNode) node;
            return scalar(pos, scalar.getValue(), scalar.getTag(), scalar.isPlain());
        }
    }

    /** Resolves a scalar's text by its YAML tag; plain words that read as numbers are numbers. */
    static YNode.YScalar scalar(Position pos, String text, Tag tag, boolean plain) {
        Object value = text;
        if (plain) {
            if (Tag.NULL.equals(tag)) {
                value = null;
            } else if (Tag.BOOL.equals(tag)) {
                String t = text.toLowerCase(java.util.Locale.ROOT);
                value = t.equals("true") || t.equals("yes") || t.equals("on");
            } else {
                Object number = number(text);
                if (number != null) {
                    value = number;
                }
            }
        }
        return new YNode.YScalar(pos, value, text, !plain);
    }

    static Object number(String text) {
        String t = text.replace("_", "");
        try {
            return Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
        } catch (NumberFormatException ignored) {
            // not an integer; maybe a decimal
        }
        if (t.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
            return Double.parseDouble(t);
        }
        return null;
    }
}
