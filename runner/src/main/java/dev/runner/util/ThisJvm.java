package dev.runner.util;

import java.nio.file.Path;

/** The JVM this process runs on, for starting another like it (a sweep point, a portable relaunch, a probe). */
public final class ThisJvm {
    private ThisJvm() {
    }

    /** The java executable this process was started with; java.home's when the OS does not say. */
    public static String executable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
