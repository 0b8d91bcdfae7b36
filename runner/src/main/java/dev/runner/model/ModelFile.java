package dev.runner.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/** A trained network as a run leaves it: {@code model.zip} and {@code best_model.zip}. */
public final class ModelFile {
    private ModelFile() {
    }

    /** Written beside and moved into place, so that a run killed mid-write leaves the previous file intact. */
    public static void write(MultiLayerNetwork network, Path file) {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try {
            ModelSerializer.writeModel(network, partial.toFile(), true);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
