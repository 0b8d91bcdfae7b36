package dev.runner.config.tree;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code extends: base.yaml}: the base file (path relative to this one, itself possibly extending another) merged
 * under this file. Maps merge key by key, so {@code training: {epochs: 20}} keeps the base's batch size; lists,
 * scalars and the optimizer (one kind of a one-of) replace the base's value whole.
 */
public final class Extends {
    private static final int MAX_DEPTH = 8;

    private Extends() {
    }

    public static YamlTreeLoader.Loaded resolve(YamlTreeLoader yaml, Path file) throws TreeException {
        return resolve(yaml, file, new ArrayList<>());
    }

    private static YamlTreeLoader.Loaded resolve(YamlTreeLoader yaml, Path file, List<Path> chain)
            throws TreeException {
        YamlTreeLoader.Loaded child = yaml.load(file);
        if (!(child.root() instanceof YNode.YMap top) || !top.entries().containsKey("extends")) return child;
        YNode.Entry entry = top.entries().get("extends");
        if (!(entry.value() instanceof YNode.YScalar s) || !(s.value() instanceof String name) || name.isBlank()) {
            throw problem(entry.value().at(), "extends takes the path of another experiment file, relative to this "
                    + "one, e.g. extends: lenet.yaml", child);
        }
        Path dir = file.getParent();
        Path base = (dir == null ? Path.of(name) : dir.resolve(name)).normalize();
        Path self = file.toAbsolutePath().normalize();
        chain.add(self);
        if (chain.contains(base.toAbsolutePath().normalize())) {
            throw problem(s.at(), "extends makes a cycle: " + base + " already extends this file", child);
        }
        if (chain.size() > MAX_DEPTH) {
            throw problem(s.at(), "extends nests more than " + MAX_DEPTH + " files deep", child);
        }
        if (Files.isDirectory(base)) {
            throw problem(s.at(), "extends: " + base + " is a directory; name an experiment file (.yaml)", child);
        }
        if (!Files.exists(base)) {
            throw problem(s.at(), "extends: no such file " + base, child);
        }
        if (!Files.isRegularFile(base)) {
            throw problem(s.at(), "extends: " + base + " is not a regular file (a device, pipe or socket); name an "
                    + "experiment file (.yaml)", child);
        }
        YamlTreeLoader.Loaded parent = resolve(yaml, base, chain);
        if (!(parent.root() instanceof YNode.YMap)) {
            throw problem(s.at(), "extends: " + base + " is not a map of settings", child);
        }
        YNode.YMap own = new YNode.YMap(top.at());
        for (Map.Entry<String, YNode.Entry> e : top.entries().entrySet()) {
            if (!e.getKey().equals("extends")) own.put(e.getKey(), e.getValue().keyAt(), e.getValue().value());
        }
        return new YamlTreeLoader.Loaded(merge(parent.root(), own, ""), child.text().including(parent.text()));
    }

    static YNode merge(YNode base, YNode over, String path) {
        if (base instanceof YNode.YMap b && over instanceof YNode.YMap o && !path.equals("optimizer")) {
            YNode.YMap out = new YNode.YMap(o.at());
            for (Map.Entry<String, YNode.Entry> e : b.entries().entrySet()) {
                out.put(e.getKey(), e.getValue().keyAt(), YNode.copy(e.getValue().value()));
            }
            for (Map.Entry<String, YNode.Entry> e : o.entries().entrySet()) {
                YNode mine = out.get(e.getKey());
                String here = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                out.put(e.getKey(), e.getValue().keyAt(), mine == null ? YNode.copy(e.getValue().value())
                        : merge(mine, e.getValue().value(), here));
            }
            return out;
        }
        return YNode.copy(over);
    }

    private static TreeException problem(Position at, String message, YamlTreeLoader.Loaded in) {
        return new TreeException(List.of(new Problem(at, message)), in.text());
    }
}
