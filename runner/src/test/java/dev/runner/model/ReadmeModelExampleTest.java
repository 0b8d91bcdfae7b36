package dev.runner.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.config.TransformSpec;
import dev.runner.data.TransformPipeline;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The README's program for loading a model and classifying an image, taken from the README as it stands, compiled
 * against DL4J alone and run in a stock-DL4J JVM on a saved model: it must print the class and probability the
 * runner's network gives the same image after the run's evaluation transforms.
 */
class ReadmeModelExampleTest {

    private static final String SECTION = "## Using a saved model";

    static String example() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("basedir", ".")).resolve("..")
                .resolve("README.md"), StandardCharsets.UTF_8);
        int section = readme.indexOf("\n" + SECTION + "\n");
        assertTrue(section >= 0, "README.md has no section '" + SECTION + "'");
        int start = readme.indexOf("```java\n", section);
        assertTrue(start >= 0, "no ```java block under '" + SECTION + "'");
        start += "```java\n".length();
        return readme.substring(start, readme.indexOf("```\n", start));
    }

    @Test
    void theReadmeProgramClassifiesAnImageAsTheRunnerDoes(@TempDir Path dir) throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path source = Files.createDirectories(dir.resolve("src")).resolve("Classify.java");
        Files.writeString(source, example(), StandardCharsets.UTF_8);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String classPath = StockDl4j.classPath().stream().map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator));
        StringWriter diagnostics = new StringWriter();
        boolean compiled = javac.getTask(diagnostics, null, null, List.of("-cp", classPath, "-d", classes.toString()),
                null, javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(source.toFile()))
                .call();
        assertTrue(compiled, "the README's example does not compile against DL4J alone:\n" + diagnostics);

        // A model as a run saves it, and a grey PNG with no symmetry to hide a transposed or flipped image.
        MultiLayerNetwork network = ModelFileTest.NETWORKS.get(3).trained();
        Path model = dir.resolve("model.zip");
        ModelFile.write(network, model);
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        Random random = new Random(3);
        float[] pixels = new float[28 * 28];
        for (int row = 0; row < 28; row++) {
            for (int col = 0; col < 28; col++) {
                int value = random.nextInt(256);
                image.getRaster().setSample(col, row, 0, value);
                pixels[row * 28 + col] = value / 255f; // as the dataset's bytes are read
            }
        }
        Path png = dir.resolve("image.png");
        ImageIO.write(image, "png", png.toFile());

        // The runner's evaluation: its own transform pipeline, then the network.
        TransformPipeline.of(List.of(new TransformSpec.Normalize(0.2860, 0.3530)),
                new TransformPipeline.Statistics(0, 1), 28, 28).apply(pixels, 0, new Random(0));
        INDArray probabilities = network.output(Nd4j.create(pixels, new long[]{1, 28, 28, 1}, 'c'), false);
        int label = probabilities.argMax(1).getInt(0);

        StockDl4j.Outcome outcome = StockDl4j.run(classes, "Classify", dir, model.toString(), png.toString(),
                "0.2860", "0.3530");
        assertEquals(0, outcome.exitCode(), outcome.describe());
        String[] printed = outcome.out().trim().split(" ");
        assertEquals(2, printed.length, outcome.describe());
        assertEquals(label, Integer.parseInt(printed[0]), outcome.describe());
        // The same tolerance as ModelFileTest, for the same reason (oneDNN here, DL4J's built-in kernels there).
        assertEquals(probabilities.getFloat(0, label), Float.parseFloat(printed[1]), 1e-6, outcome.describe());
    }
}
