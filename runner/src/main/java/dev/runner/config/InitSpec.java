package dev.runner.config;

import jakarta.validation.constraints.Positive;

/** How a layer's weights (and biases) start. */
public sealed interface InitSpec {

    /** A named scheme: see {@link Scheme}. */
    record Preset(Scheme scheme) implements InitSpec {
    }

    /** Weights from N(0, std²); biases zero. */
    record Normal(@Positive(message = "must be a positive number") double std) implements InitSpec {
    }

    /** Weights uniform in [-bound, bound]; biases zero. */
    record Uniform(@Positive(message = "must be a positive number") double bound) implements InitSpec {
    }

    enum Scheme implements Named {
        /** PyTorch's default for Conv2d and Linear: weights and biases uniform in ±1/sqrt(fan_in). */
        PYTORCH("pytorch"),
        /** Glorot uniform, ±sqrt(6/(fan_in+fan_out)); biases zero. */
        XAVIER("xavier"),
        /** Kaiming normal for ReLU, N(0, 2/fan_in); biases zero. */
        HE("he");

        private final String yamlName;

        Scheme(String yamlName) {
            this.yamlName = yamlName;
        }

        @Override
        public String yamlName() {
            return yamlName;
        }
    }
}
