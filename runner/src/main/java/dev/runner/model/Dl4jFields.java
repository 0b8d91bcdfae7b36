package dev.runner.model;

import java.lang.reflect.Field;

/** Private fields of DL4J's layers that the runner's helpers take the place of (DL4J has no setter for them). */
final class Dl4jFields {
    private Dl4jFields() {
    }

    static Field field(Class<?> owner, String name) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("DL4J's " + owner.getSimpleName() + " has no field " + name, e);
        }
    }
}
