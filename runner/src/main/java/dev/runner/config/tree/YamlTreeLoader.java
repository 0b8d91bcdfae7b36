package dev.runner.config.tree;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
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
import org.yaml.snakeyaml.representer.Representer;

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

    public Loaded load(Path file) throws TreeException {
        String name = file.toString();
        Position whole = new Position(name, 0, 0);
        if (Files.isDirectory(file)) {
            throw new TreeException(new Problem(whole, "is a directory; give an experiment file (.yaml)"));
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            // A device such as /dev/zero never ends and a FIFO blocks until someone writes: neither is opened.
            throw new TreeException(new Problem(whole, "not a regular file (a device, pipe or socket); give an "
                    + "experiment file (.yaml)"));
        }
        return parse(name, decode(name, read(file, whole)));
    }

    /** At most {@link #MAX_FILE_BYTES} of {@code file}; more is refused, however the file reports its size. */
    private static byte[] read(Path file, Position whole) throws TreeException {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                // Checked before reading, so a huge file costs neither time nor memory.
                throw new TreeException(new Problem(whole, String.format(Locale.ROOT,
                        "file is %.1f MiB; an experiment is a page or two of YAML (at most 1 MiB)",
                        size / (double) (1 << 20))));
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                // One byte past the limit tells a file that grew, or reports no size (/proc), from one that fits.
                bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            }
            if (bytes.length > MAX_FILE_BYTES) {
                throw new TreeException(new Problem(whole, "file is larger than 1 MiB; an experiment is a page or "
                        + "two of YAML"));
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new TreeException(new Problem(whole, "no such file"));
        } catch (AccessDeniedException e) {
            throw new TreeException(new Problem(whole, "permission denied: this user may not read the file"));
        } catch (IOException e) {
            throw new TreeException(new Problem(whole, "cannot read file: " + e.getMessage()));
        }
    }

    private static String decode(String name, byte[] bytes) throws TreeException {
        for (byte b : bytes) {
            if (b == 0) {
                throw new TreeException(new Problem(new Position(name, 0, 0),
                        "binary data (it contains NUL bytes), not a YAML text file"));
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            // Point at the first byte that is not UTF-8: a file saved as Latin-1 usually has one odd letter.
            int offset = in.position();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < offset; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            int column = new String(bytes, lineStart, offset - lineStart, StandardCharsets.UTF_8).length() + 1;
            throw new TreeException(new Problem(new Position(name, line, column), String.format(
                    Locale.ROOT, "byte 0x%02X is not UTF-8 text; save the experiment as UTF-8", bytes[offset] & 0xff)));
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** Parses YAML text; {@code name} is what positions call the source. */
    public Loaded parse(String name, String text) throws TreeException {
        SourceText source = SourceText.of(name, text);
        if (text.isBlank()) {
            throw new TreeException(List.of(new Problem(new Position(name, 1, 1),
                    "file is empty; an experiment needs at least: " + REQUIRED)), source);
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_FILE_BYTES);
        options.setAllowRecursiveKeys(false);
        Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(),
                options);
        Node root;
        try {
            root = yaml.compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            throw new TreeException(List.of(syntaxProblem(name, e, source)), source);
        } catch (YAMLException e) {
            // The limits above: SnakeYAML gives no position, and the whole file is the problem anyway.
            throw new TreeException(List.of(new Problem(new Position(name, 0, 0),
                    limitMessage(e.getMessage()))), source);
        }
        if (root == null) {
            throw new TreeException(List.of(new Problem(new Position(name, 1, 1),
                    "file has only comments or blank lines; an experiment needs at least: " + REQUIRED)), source);
        }
        Converter converter = new Converter(name);
        YNode tree = converter.convert(root, 0);
        if (!converter.problems.isEmpty()) {
            throw new TreeException(converter.problems, source);
        }
        return new Loaded(tree, source);
    }

    /** The sections a file must have (loss has a default), for the messages about empty files. */
    private static final String REQUIRED = "name, seed, dataset, model, optimizer, training";

    /**
     * SnakeYAML's messages are written for parser authors ("expected &lt;block end&gt;, but found
     * '&lt;block mapping start&gt;'"); translate the ones that students meet, and point at the place to fix, which
     * for an unclosed quote or a key without ':' is where the scanner started, not where it gave up.
     */
    static Problem syntaxProblem(String name, MarkedYAMLException e, SourceText source) {
        String problem = e.getProblem() == null ? "" : e.getProblem();
        String context = e.getContext() == null ? "" : e.getContext();
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        Mark start = e.getContextMark() != null ? e.getContextMark() : mark;
        String message;
        if (problem.contains("(TAB)") || problem.contains("'\\t'")) {
            message = "a tab character; indent YAML with spaces";
        } else if (problem.startsWith("could not find expected ':'") && context.contains("simple key")) {
            mark = start;
            message = "this line has no ':' after its key; write it as 'key: value'";
        } else if (problem.contains("end of stream") && context.contains("quoted scalar")) {
            mark = start;
            message = "this quoted value is never closed; add the closing quote";
        } else if (problem.startsWith("mapping values are not allowed here")) {
            message = "unexpected ':'; is this line indented deeper than the keys it belongs with? "
                    + "(or quote a value that contains ': ')";
        } else if (problem.startsWith("expected <block end>")) {
            String line = mark == null ? null : source.line(mark.getLine() + 1);
            boolean dashWithoutSpace = line != null && mark.getColumn() + 1 < line.length()
                    && line.charAt(mark.getColumn()) == '-' && line.charAt(mark.getColumn() + 1) != ' ';
            message = dashWithoutSpace
                    ? "a list item needs a space after '-': write '- " + line.substring(mark.getColumn() + 1).strip()
                    + "'"
                    : "this line's indentation does not match the lines above it: the keys of one section, and the "
                    + "'- ' items of one list, must start in the same column";
        } else if ((problem.startsWith("expected ',' or '}'") || problem.startsWith("expected ',' or ']'"))
                && e.getContextMark() != null) {
            char close = problem.contains("'}'") ? '}' : ']';
            message = "expected ',' or '" + close + "': the '" + (close == '}' ? '{' : '[') + "' opened at line "
                    + (start.getLine() + 1) + ", column " + (start.getColumn() + 1) + " is not closed";
        } else if (problem.startsWith("found undefined alias")) {
            message = problem + "; a '*name' needs an '&name' earlier in the file (quote text that starts with '*')";
        } else {
            message = tidy(problem.isEmpty() ? String.valueOf(e.getMessage()) : problem)
                    + (context.isEmpty() ? "" : " (" + context + ")");
        }
        return new Problem(at(name, mark), "YAML syntax: " + message);
    }

    private static String limitMessage(String snakeMessage) {
        String m = snakeMessage == null ? "" : snakeMessage;
        if (m.contains("aliases")) {
            return "more than " + MAX_ALIASES + " aliases (*name) of lists or maps: this looks like a YAML bomb "
                    + "(nested aliases that expand exponentially), not an experiment";
        }
        if (m.contains("Nesting Depth")) {
            return "nested more than " + MAX_DEPTH + " levels deep; an experiment is a few levels deep";
        }
        if (m.contains("code points")) {
            return "more than " + MAX_FILE_BYTES + " characters; an experiment file is a page or two";
        }
        return "YAML: " + tidy(m);
    }

    private static String tidy(String message) {
        return message.strip().replace("\n", " ");
    }

    private static Position at(String name, Mark mark) {
        return mark == null ? new Position(name, 1, 1) : new Position(name, mark.getLine() + 1, mark.getColumn() + 1);
    }

    private static final class Converter {
        private final String name;
        private final List<Problem> problems = new ArrayList<>();
        private int nodes;

        Converter(String name) {
            this.name = name;
        }

        YNode convert(Node node, int depth) throws TreeException {
            if (++nodes > MAX_NODES || depth > MAX_DEPTH) {
                throw new TreeException(new Problem(at(name, node.getStartMark()),
                        "document too large or too deeply nested once aliases are expanded"));
            }
            Position pos = at(name, node.getStartMark());
            if (node instanceof MappingNode map) {
                YNode.YMap out = new YNode.YMap(pos);
                Map<String, Position> seen = new HashMap<>();
                for (NodeTuple tuple : map.getValue()) {
                    Node keyNode = tuple.getKeyNode();
                    Position keyAt = at(name, keyNode.getStartMark());
                    if (!(keyNode instanceof ScalarNode scalarKey)) {
                        problems.add(new Problem(keyAt, "a key must be a plain word, not a list or map"));
                        continue;
                    }
                    String key = scalarKey.getValue();
                    Position first = seen.putIfAbsent(key, keyAt);
                    if (first != null) {
                        problems.add(new Problem(keyAt, "duplicate key '" + key + "': it is already set on line "
                                + first.line() + "; keep one"));
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
                String t = text.toLowerCase(Locale.ROOT);
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
        // YAML's own spellings of infinity and not-a-number; they read as numbers so that the rule on finite numbers,
        // not a puzzling "must be a number", rejects them.
        if (t.matches("[-+]?\\.(inf|Inf|INF)")) {
            return t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (t.matches("\\.(nan|NaN|NAN)")) return Double.NaN;
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
