package dev.runner.config;

/**
 * Every default of the experiment format, in one place. Precedence, highest first: {@code --set} overrides, then a
 * sweep point, then the experiment file, then these. The README's format reference lists the same values.
 */
public final class Defaults {
    private Defaults() {
    }

    public static final String DESCRIPTION = "";
    public static final double VALIDATION_SPLIT = 0.0;
    public static final InitSpec MODEL_INIT = new InitSpec.Preset(InitSpec.Scheme.PYTORCH);
    public static final int CONV_STRIDE = 1;
    public static final int CONV_PADDING = 0;
    public static final boolean BIAS = true;
    public static final LayerSpec.Activation DENSE_ACTIVATION = LayerSpec.Activation.NONE;
    /** PyTorch's {@code nn.Dropout()} and {@code F.dropout} default. */
    public static final double DROPOUT_RATE = 0.5;
    public static final double BATCHNORM_EPS = 1e-5;
    public static final double BATCHNORM_MOMENTUM = 0.1;
    public static final LossKind LOSS = LossKind.CROSS_ENTROPY;
    public static final double SGD_MOMENTUM = 0.0;
    public static final boolean SGD_NESTEROV = false;
    public static final double ADAM_LR = 0.001;
    public static final double ADAM_BETA1 = 0.9;
    public static final double ADAM_BETA2 = 0.999;
    public static final double ADAM_EPS = 1e-8;
    public static final double WEIGHT_DECAY = 0.0;
    public static final int EVAL_BATCH_SIZE = 1000;
    public static final double ROTATION_FILL = 0.0;
    /** What checkpoint and early_stopping watch when no monitor is given (as Keras' callbacks). */
    public static final String MONITOR = "val_loss";
    /** An early-stopping improvement is any change in the right direction larger than this. */
    public static final double MIN_DELTA = 0.0;
}
