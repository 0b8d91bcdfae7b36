package dev.runner.report;

import dev.runner.train.EpochMetrics;
import dev.runner.train.TrainingObserver;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * What a user watches: a progress bar per epoch (only on a terminal, where it can redraw itself), then one line per
 * epoch with losses, accuracies and throughput.
 */
public final class ConsoleReporter implements TrainingObserver {
    private final PrintWriter out;
    private final PrintStream barStream;
    private ProgressBar bar;
    private int epochs;

    /** {@code barStream} is null when no bar should be drawn (output not a terminal, or captured by a test). */
    public ConsoleReporter(PrintWriter out, PrintStream barStream) {
        this.out = out;
        this.barStream = barStream;
    }

    @Override
    public void onEpochStart(int epoch, int epochs, int batches) {
        this.epochs = epochs;
        if (barStream == null) return;
        bar = new ProgressBarBuilder()
                .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs))
                .setInitialMax(batches)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(barStream))
                .clearDisplayOnFinish()
                .build();
    }

    @Override
    public void onBatch(int epoch, int batch, double loss) {
        if (bar == null) return;
        bar.step();
        bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f", loss));
    }

    @Override
    public void onEpochEnd(EpochMetrics m) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "epoch %d/%d  train loss %.4f acc %.4f", m.epoch(), epochs, m.trainLoss(), m.trainAccuracy()));
        if (!Double.isNaN(m.valLoss())) {
            line.append(String.format(Locale.ROOT, "  val loss %.4f acc %.4f", m.valLoss(), m.valAccuracy()));
        }
        line.append(String.format(Locale.ROOT, "  test loss %.4f acc %.4f  %,.0f img/s  %.1f s", m.testLoss(),
                m.testAccuracy(), m.imagesPerSecond(), m.epochSeconds()));
        out.println(line);
        out.flush();
    }
}
