package dev.runner.config;

import java.util.IdentityHashMap;
import java.util.Map;

/** The YAML path each mapped record came from, for tying a constraint violation on it back to the file. */
final class BeanPaths {
    private final Map<Object, String> paths = new IdentityHashMap<>();

    /** {@code bean}, noted as mapped from {@code path}. */
    <T> T put(T bean, String path) {
        paths.put(bean, path);
        return bean;
    }

    Map<Object, String> asMap() {
        return paths;
    }
}
