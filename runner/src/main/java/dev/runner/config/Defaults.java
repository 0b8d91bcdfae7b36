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
    public static final Reproducibility REPRODUCIBILITY = Reproducibility.FAST;
    public static final double SGD_MOMENTUM = 0.0;
    public static final boolean SGD_NESTEROV = false;
    public static final double ADAM_LR = 0.001;
    public static final double ADAM_BETA1 = 0.9;
    public static final double ADAM_BETA2 = 0.999;
    public static final double ADAM_EPS = 1e-8;
    public static final double WEIGHT_DECAY = 0.0;
    public static final int EVAL_BATCH_SIZE = 1000;
    public static final double ROTATION_FILL = 0.0;
    /** torchvision's {@code RandomCrop} (padding=None) and {@code RandomAffine} fill. */
    public static final int CROP_PADDING = 0;
    public static final double CROP_FILL = 0.0;
    public static final double AFFINE_FILL = 0.0;
    /** torchvision's {@code RandomHorizontalFlip} and {@code RandomErasing} defaults. */
    public static final double FLIP_P = 0.5;
    public static final double ERASING_P = 0.5;
    public static final TransformSpec.Range ERASING_SCALE = new TransformSpec.Range(0.02, 0.33);
    public static final TransformSpec.Range ERASING_RATIO = new TransformSpec.Range(0.3, 3.3);
    public static final double ERASING_VALUE = 0.0;
    /** {@code torch.optim.AdamW}'s weight decay. */
    public static final double ADAMW_WEIGHT_DECAY = OptimizerSpec.AdamW.DEFAULT_WEIGHT_DECAY;
    public static final double LABEL_SMOOTHING = 0.0;
    /** {@code OneCycleLR}'s and {@code LinearLR}'s defaults. */
    public static final double ONECYCLE_PCT_START = ScheduleSpec.OneCycle.DEFAULT_PCT_START;
    public static final double ONECYCLE_DIV_FACTOR = ScheduleSpec.OneCycle.DEFAULT_DIV_FACTOR;
    public static final double ONECYCLE_FINAL_DIV_FACTOR = ScheduleSpec.OneCycle.DEFAULT_FINAL_DIV_FACTOR;
    public static final ScheduleSpec.Anneal ONECYCLE_ANNEAL = ScheduleSpec.Anneal.COS;
    public static final boolean ONECYCLE_THREE_PHASE = false;
    public static final double COSINE_ETA_MIN = 0.0;
    public static final double WARMUP_START_FACTOR = WarmupSpec.DEFAULT_START_FACTOR;
    /** What checkpoint and early_stopping watch when no monitor is given (as Keras' callbacks). */
    public static final String MONITOR = "val_loss";
    /** An early-stopping improvement is any change in the right direction larger than this. */
    public static final double MIN_DELTA = 0.0;
}
