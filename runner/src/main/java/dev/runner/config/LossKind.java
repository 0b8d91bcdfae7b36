package dev.runner.config;

/**
 * {@code cross_entropy}: softmax + negative log-likelihood on the last layer's output taken as logits (PyTorch's
 * CrossEntropyLoss). {@code nll}: the last layer already outputs log-probabilities (PyTorch's NLLLoss).
 */
public enum LossKind implements Named {
    CROSS_ENTROPY("cross_entropy"),
    NLL("nll");

    private final String yamlName;

    LossKind(String yamlName) {
        this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }
}
