package dev.runner.train;

import dev.runner.config.ExperimentSpec;
import dev.runner.config.LearningRateSpec;
import dev.runner.config.ScheduleSpec;
import dev.runner.config.WarmupSpec;

/**
 * The learning rate of every training step, as a pure function of where the step is: {@code torch.optim.lr_scheduler}'s
 * closed forms. Epoch indexes and batch indexes count from 0: epoch index e is the e-th call of
 * {@code scheduler.step()} at the end of an epoch in a PyTorch loop, so the first epoch trains at the base rate;
 * {@code onecycle} is stepped after every batch, at global step {@code e·batchesPerEpoch + batch}.
 *
 * @param baseLr the optimizer's lr (ignored by {@code onecycle}, which sets the rate from {@code max_lr})
 * @param epochs the number of epochs trained (onecycle's total steps are {@code epochs × batchesPerEpoch})
 */
public record LearningRateSchedule(LearningRateSpec spec, double baseLr, int epochs) {

    public LearningRateSchedule {
        if (spec.schedule() instanceof ScheduleSpec.OneCycle && spec.warmup() != null) {
            throw new IllegalArgumentException("onecycle has its own warm-up (pct_start); it takes no warmup");
        }
    }

    /** The schedule of an experiment. */
    public static LearningRateSchedule of(ExperimentSpec spec) {
        return new LearningRateSchedule(spec.schedule(), spec.optimizer().lr(), spec.training().epochs());
    }

    public boolean isConstant() {
        return spec.isConstant();
    }

    /** The rate of batch {@code batch} of epoch index {@code epoch}. */
    public double lr(int epoch, int batch, int batchesPerEpoch) {
        ScheduleSpec s = spec.schedule();
        double lr;
        if (s == null) {
            lr = baseLr;
        } else if (s instanceof ScheduleSpec.Step step) {
            lr = baseLr * Math.pow(step.gamma(), epoch / step.stepSize());
        } else if (s instanceof ScheduleSpec.MultiStep multi) {
            // bisect_right: a milestone counts from the epoch index equal to it on.
            int passed = 0;
            for (int m : multi.milestones()) if (m <= epoch) passed++;
            lr = baseLr * Math.pow(multi.gamma(), passed);
        } else if (s instanceof ScheduleSpec.Exponential exp) {
            lr = baseLr * Math.pow(exp.gamma(), epoch);
        } else if (s instanceof ScheduleSpec.Cosine cos) {
            lr = cos.etaMin() + (baseLr - cos.etaMin()) * (1 + Math.cos(Math.PI * epoch / cos.tMax())) / 2;
        } else {
            return oneCycle((ScheduleSpec.OneCycle) s, (long) epoch * batchesPerEpoch + batch,
                    (long) epochs * batchesPerEpoch);
        }
        WarmupSpec w = spec.warmup();
        if (w == null) return lr;
        return lr * (w.startFactor() + (1 - w.startFactor()) * Math.min(epoch, w.epochs()) / w.epochs());
    }

    /** {@code OneCycleLR.get_lr} at step {@code step} of {@code totalSteps}. */
    private static double oneCycle(ScheduleSpec.OneCycle c, long step, long totalSteps) {
        double initial = c.maxLr() / c.divFactor();
        double min = initial / c.finalDivFactor();
        double rampEnd = c.pctStart() * totalSteps - 1;
        double[][] phases = c.threePhase()
                ? new double[][]{{rampEnd, initial, c.maxLr()}, {2 * c.pctStart() * totalSteps - 2, c.maxLr(), initial},
                        {totalSteps - 1, initial, min}}
                : new double[][]{{rampEnd, initial, c.maxLr()}, {totalSteps - 1, c.maxLr(), min}};
        double start = 0;
        for (int i = 0; i < phases.length; i++) {
            double end = phases[i][0];
            if (step <= end || i == phases.length - 1) {
                double pct = (step - start) / (end - start);
                return anneal(c.annealStrategy(), phases[i][1], phases[i][2], pct);
            }
            start = end;
        }
        throw new AssertionError("the last phase always answers");
    }

    private static double anneal(ScheduleSpec.Anneal strategy, double start, double end, double pct) {
        if (strategy == ScheduleSpec.Anneal.LINEAR) return (end - start) * pct + start;
        return end + (start - end) / 2.0 * (Math.cos(Math.PI * pct) + 1);
    }
}
