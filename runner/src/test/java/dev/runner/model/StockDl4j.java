package dev.runner.model;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A class path with stock DL4J and nothing of the runner, and a JVM to run code on it. A second class loader in this
 * JVM will not do: ND4J's native library can be loaded by one class loader per JVM only.
 */
final class StockDl4j {
    private StockDl4j() {
    }

    /**
     * Maven coordinates (as paths in the local repository) of DL4J's runtime dependencies as {@code mvn
     * dependency:tree} lists them under deeplearning4j-nn and the CPU backend, plus slf4j-api, which ND4J logs through.
     * An allow-list rather than "everything but the runner", so that the runner's other libraries (Jackson,
     * SnakeYAML, picocli, ...) cannot stand in for something a stock user would lack.
     */
    private static final List<String> DL4J_DEPENDENCIES = List.of("org/deeplearning4j/", "org/nd4j/",
            "org/bytedeco/", "commons-io/", "com/jakewharton/byteunits/", "org/apache/commons/commons-math3/",
            "org/apache/commons/commons-lang3/", "org/apache/commons/commons-collections4/",
            "org/apache/commons/commons-compress/", "com/google/flatbuffers/", "commons-net/", "net/ericaro/",
            "commons-codec/", "com/google/code/gson/", "com/github/oshi/", "net/java/dev/jna/", "org/threeten/",
            "it/unimi/dsi/fastutil/", "org/slf4j/slf4j-api/");

    /** The test class path (Surefire's, else the JVM's) reduced to DL4J's jars. */
    static List<Path> classPath() {
        String full = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<Path> jars = new ArrayList<>();
        for (String entry : full.split(File.pathSeparator)) {
            String unix = entry.replace(File.separatorChar, '/');
            if (unix.endsWith(".jar") && DL4J_DEPENDENCIES.stream().anyMatch(d -> unix.contains("/" + d))) {
                jars.add(Path.of(entry));
            }
        }
        if (jars.stream().noneMatch(j -> j.getFileName().toString().startsWith("deeplearning4j-nn"))) {
            throw new IllegalStateException("no deeplearning4j-nn jar on the test class path: " + full);
        }
        return jars;
    }

    /** Copies the class files of {@code type} (a top-level class without nested ones) alone into {@code dir}. */
    static Path classesOf(Class<?> type, Path dir) throws IOException {
        String resource = type.getName().replace('.', '/') + ".class";
        Path target = dir.resolve(resource);
        Files.createDirectories(target.getParent());
        try (var in = type.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("no class file " + resource);
            Files.copy(in, target);
        }
        return dir;
    }

    /** What a child JVM printed and how it ended. */
    record Outcome(int exitCode, String out, String err) {
        String describe() {
            return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    /** Runs {@code mainClass} in a new JVM on {@code extra} (classes of its own) followed by DL4J's jars. */
    static Outcome run(Path extra, String mainClass, Path workDir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.add("-cp");
        List<String> cp = new ArrayList<>();
        cp.add(extra.toString());
        classPath().forEach(p -> cp.add(p.toString()));
        command.add(String.join(File.pathSeparator, cp));
        command.add(mainClass);
        command.addAll(Arrays.asList(args));
        try {
            Path out = workDir.resolve("child.out");
            Path err = workDir.resolve("child.err");
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().put("OMP_NUM_THREADS", "1");
            Process process = builder.start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("the stock-DL4J JVM did not finish in 5 minutes: " + command);
            }
            return new Outcome(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
