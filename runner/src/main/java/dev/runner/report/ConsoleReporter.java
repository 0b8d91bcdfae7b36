package dev.runner.report;

import dev.runner.config.EarlyStoppingSpec;
import dev.runner.results.RunLayout;
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
        line.append(String.format(Locale.ROOT, "  test loss %.4f acc %.4f", m.testLoss(), m.testAccuracy()));
        for (EpochMetrics.SetMetrics set : m.extra()) {
            line.append(String.format(Locale.ROOT, "  %s loss %.4f acc %.4f", set.name(), set.loss(), set.accuracy()));
        }
        line.append(String.format(Locale.ROOT, "  %,.0f img/s  %.1f s", m.imagesPerSecond(), m.epochSeconds()));
        out.println(line);
        out.flush();
    }

    @Override
    public void onNewBest(EpochMetrics m, String monitor) {
        out.printf(Locale.ROOT, "  best so far by %s (%.4f): kept as %s%n", monitor, m.value(monitor),
                RunLayout.BEST_MODEL);
        out.flush();
    }

    @Override
    public void onEarlyStop(int epoch, EarlyStoppingSpec rule) {
        out.printf(Locale.ROOT, "early stopping after epoch %d of %d: %s has not improved%s for %d epoch%s%n", epoch,
                epochs, rule.monitor(), rule.minDelta() > 0
                        ? String.format(Locale.ROOT, " by more than %s", rule.minDelta()) : "",
                rule.patience(), rule.patience() == 1 ? "" : "s");
        out.flush();
    }
}
