package dev.runner.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/** One entry of {@code model.layers}. Semantics follow PyTorch's layers of the same name. */
public sealed interface LayerSpec {

    /** The word that introduces this layer in an experiment file. */
    String kind();

    /** {@code init} is {@code null} when the layer uses the model's default. */
    record Conv2d(@Positive(message = "must be a positive integer") int filters,
                  @Positive(message = "must be a positive integer") int kernel,
                  @Positive(message = "must be a positive integer") int stride,
                  @Valid Padding padding,
                  boolean bias,
                  @Valid InitSpec init) implements LayerSpec {
        @Override
        public String kind() {
            return "conv2d";
        }
    }

    /** Zero padding on each side, or {@code same}: output size equals input size at stride 1. */
    record Padding(boolean same, @PositiveOrZero(message = "must be 0 or a positive integer") int amount) {
        public static Padding of(int amount) {
            return new Padding(false, amount);
        }

        public static final Padding SAME = new Padding(true, 0);
    }

    /** Max or average pooling; {@code stride} defaults to {@code kernel}. */
    record Pool(PoolKind pool,
                @Positive(message = "must be a positive integer") int kernel,
                @Positive(message = "must be a positive integer") int stride) implements LayerSpec {
        @Override
        public String kind() {
            return pool.yamlName();
        }
    }

    enum PoolKind implements Named {
        MAX("maxpool"), AVG("avgpool");

        private final String yamlName;

        PoolKind(String yamlName) {
            this.yamlName = yamlName;
        }

        @Override
        public String yamlName() {
            return yamlName;
        }
    }

    record Dense(@Positive(message = "must be a positive integer") int units,
                 Activation activation,
                 boolean bias,
                 @Valid InitSpec init) implements LayerSpec {
        @Override
        public String kind() {
            return "dense";
        }
    }

    /** {@code rate} is the probability of dropping a unit, as in PyTorch. */
    record Dropout(@DecimalMin(value = "0", message = "must be in [0, 1)")
                   @DecimalMax(value = "1", inclusive = false, message = "must be in [0, 1)") double rate)
            implements LayerSpec {
        @Override
        public String kind() {
            return "dropout";
        }
    }

    /** PyTorch's BatchNorm2d/BatchNorm1d: {@code momentum} weighs the new batch statistics in the running ones. */
    record BatchNorm(@Positive(message = "must be a positive number") double eps,
                     @DecimalMin(value = "0", message = "must be in [0, 1]")
                     @DecimalMax(value = "1", message = "must be in [0, 1]") double momentum)
            implements LayerSpec {
        @Override
        public String kind() {
            return "batchnorm";
        }
    }

    record Flatten() implements LayerSpec {
        @Override
        public String kind() {
            return "flatten";
        }
    }

    /** A bare activation: {@code - relu}. */
    record ActivationLayer(Activation activation) implements LayerSpec {
        @Override
        public String kind() {
            return activation.yamlName();
        }
    }

    enum Activation implements Named {
        NONE("none"), RELU("relu"), TANH("tanh"), SIGMOID("sigmoid"), SOFTMAX("softmax"), LOG_SOFTMAX("log_softmax");

        private final String yamlName;

        Activation(String yamlName) {
            this.yamlName = yamlName;
        }

        @Override
        public String yamlName() {
            return yamlName;
        }
    }
}
