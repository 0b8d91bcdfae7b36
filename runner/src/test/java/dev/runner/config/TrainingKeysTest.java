package dev.runner.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The augmentation, AdamW, label-smoothing and schedule keys map to their records, with torchvision's defaults. */
class TrainingKeysTest {
    private static ExperimentLoader loader;

    @BeforeAll
    static void open() {
        loader = new ExperimentLoader();
    }

    @AfterAll
    static void close() {
        loader.close();
    }

    private static ExperimentSpec load(String name) throws Exception {
        return loader.load(ValidateGoldenTest.VALID.resolve(name), List.of()).spec();
    }

    @Test
    void augmentationDefaultsAreTorchvisions() throws Exception {
        ExperimentSpec spec = load("augmentation.yaml");
        assertEquals(List.of(
                new TransformSpec.RandomCrop(28, 4, 0),
                new TransformSpec.RandomHorizontalFlip(0.5),
                new TransformSpec.RandomAffine(10, null, null, 0),
                new TransformSpec.RandomAffine(5, new TransformSpec.Translate(0.1, 0.05),
                        new TransformSpec.Range(0.9, 1.1), 0),
                new TransformSpec.NormalizeAuto(),
                new TransformSpec.RandomErasing(0.5, new TransformSpec.Range(0.02, 0.33),
                        new TransformSpec.Range(0.3, 3.3), 0)), spec.transforms().train());
        assertEquals(new LossSpec(LossKind.CROSS_ENTROPY, 0.1), spec.loss());
        assertEquals(new OptimizerSpec.AdamW(0.002, 0.9, 0.999, 1e-8, 0.01), spec.optimizer());
        assertEquals(new LearningRateSpec(new ScheduleSpec.Cosine(20, 0.00001), new WarmupSpec(2, 1.0 / 3)),
                spec.schedule());
    }

    @Test
    void scheduleDefaultsArePyTorchs() throws Exception {
        assertEquals(new LearningRateSpec(new ScheduleSpec.Step(2, 0.1), null), load("step.yaml").schedule());
        assertEquals(new LearningRateSpec(new ScheduleSpec.MultiStep(List.of(5, 8), 0.2), new WarmupSpec(3, 0.1)),
                load("multistep_warmup.yaml").schedule());
        assertEquals(new LearningRateSpec(null, new WarmupSpec(2, 1.0 / 3)), load("warmup_only.yaml").schedule());
        assertEquals(new LearningRateSpec(new ScheduleSpec.OneCycle(0.1, 0.25, 10, 100, ScheduleSpec.Anneal.LINEAR,
                true), null), load("onecycle.yaml").schedule());
        ExperimentSpec onecycleDefaults = loader.parse("o.yaml", """
                name: o
                seed: 1
                dataset: {name: mnist}
                model: {layers: [flatten, {dense: 10}]}
                optimizer: {sgd: {lr: 0.1}}
                schedule: {onecycle: {max_lr: 0.5}}
                training: {epochs: 1, batch_size: 8}
                """, List.of()).spec();
        assertEquals(new ScheduleSpec.OneCycle(0.5, 0.3, 25, 1e4, ScheduleSpec.Anneal.COS, false),
                onecycleDefaults.schedule().schedule());
    }

    @Test
    void absentSectionsKeepTodaysMeaning() throws Exception {
        ExperimentSpec minimal = load("minimal.yaml");
        assertEquals(LearningRateSpec.CONSTANT, minimal.schedule());
        assertEquals(LossSpec.of(LossKind.CROSS_ENTROPY), minimal.loss());
        assertEquals(new LossSpec(LossKind.NLL, 0), load("step.yaml").loss());
    }

    @Test
    void setReachesTheNewKeys() throws Exception {
        ExperimentSpec spec = loader.load(ValidateGoldenTest.VALID.resolve("augmentation.yaml"),
                List.of("schedule.cosine.t_max=30", "loss.cross_entropy.label_smoothing=0.05",
                        "optimizer.adamw.weight_decay=0.05")).spec();
        assertEquals(new ScheduleSpec.Cosine(30, 0.00001), spec.schedule().schedule());
        assertEquals(0.05, spec.loss().labelSmoothing());
        assertEquals(0.05, spec.optimizer().weightDecay());
    }
}
