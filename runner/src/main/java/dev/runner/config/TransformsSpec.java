package dev.runner.config;

import jakarta.validation.Valid;
import java.util.List;

/** The transforms applied, in order, to training images and to validation/test images. Pixels start in [0, 1]. */
public record TransformsSpec(List<@Valid TransformSpec> train, List<@Valid TransformSpec> eval) {
    public TransformsSpec {
        train = List.copyOf(train);
        eval = List.copyOf(eval);
    }
}
