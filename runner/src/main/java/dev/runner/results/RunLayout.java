package dev.runner.results;

/**
 * The files of a run folder ({@code <results>/<name>/<run-id>/}), by the names run.json's {@code files} lists them
 * under. Whatever writes or reads a run folder names its files here, so that a rename cannot reach one side only.
 */
public final class RunLayout {
    /** The resolved experiment, written first, so even a failed run says what it was. */
    public static final String CONFIG = "config.yaml";
    /** One row per epoch, as the epochs end. */
    public static final String METRICS = "metrics.csv";
    /** The run's provenance and outcome ({@link RunRecord}), written last. */
    public static final String RECORD = "run.json";
    /** The network after the last epoch, updater state included. */
    public static final String MODEL = "model.zip";
    /** The model of the best epoch by {@code checkpoint:}'s monitor, updater state included. */
    public static final String BEST_MODEL = "best_model.zip";
    /**
     * What continuing an interrupted run needs, rewritten after every epoch but the last as one zip (written beside
     * and moved into place): the network with its updater state, the epoch, the metrics so far, the dropout
     * generator's state and the checkpoint and early-stopping trackers. Deleted once the run has completed.
     */
    public static final String RESUME = "resume.zip";
    /** One self-contained page of the report. */
    public static final String REPORT = "report.html";
    public static final String PER_CLASS = "per_class.csv";
    public static final String CONFUSION_CSV = "confusion_test.csv";
    /** The folder of the report's pictures. */
    public static final String PLOTS = "plots";
    public static final String LOSS_PLOT = PLOTS + "/loss.png";
    public static final String ACCURACY_PLOT = PLOTS + "/accuracy.png";
    public static final String CONFUSION_PLOT = PLOTS + "/confusion_test.png";
    public static final String MISCLASSIFIED_PLOT = PLOTS + "/misclassified.png";
    public static final String SAMPLES_PLOT = PLOTS + "/samples.png";
    /** {@code runner evaluate}'s results, one folder each; nothing the run itself wrote is in it. */
    public static final String EVALUATIONS = "evaluations";

    private RunLayout() {
    }
}
