package dev.runner.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes a spec back as YAML with every default spelled out: the {@code config.yaml} of a run, which reproduces the
 * run when given to the runner again.
 */
public final class ExperimentWriter {

    public String write(ExperimentSpec spec) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setWidth(120);
        return new Yaml(options).dump(toMap(spec));
    }

    public Map<String, Object> toMap(ExperimentSpec spec) {
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("name", spec.name());
        top.put("description", spec.description());
        top.put("seed", spec.seed());
        Map<String, Object> dataset = new LinkedHashMap<>();
        dataset.put("name", spec.dataset().name().yamlName());
        dataset.put("validation_split", spec.dataset().validationSplit());
        if (spec.dataset().trainLimit() != null) dataset.put("train_limit", spec.dataset().trainLimit());
        if (spec.dataset().validationLimit() != null) {
            dataset.put("validation_limit", spec.dataset().validationLimit());
        }
        if (spec.dataset().testLimit() != null) dataset.put("test_limit", spec.dataset().testLimit());
        top.put("dataset", dataset);
        Map<String, Object> transforms = new LinkedHashMap<>();
        transforms.put("train", transforms(spec.transforms().train()));
        transforms.put("eval", transforms(spec.transforms().eval()));
        top.put("transforms", transforms);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("init", init(spec.model().init()));
        List<Object> layers = new ArrayList<>();
        for (LayerSpec layer : spec.model().layers()) layers.add(layer(layer));
        model.put("layers", layers);
        top.put("model", model);
        LossSpec loss = spec.loss();
        top.put("loss", loss.labelSmoothing() == 0 ? loss.kind().yamlName()
                : Map.of(loss.kind().yamlName(), Map.of("label_smoothing", loss.labelSmoothing())));
        top.put("optimizer", Map.of(spec.optimizer().kind(), optimizer(spec.optimizer())));
        if (!spec.schedule().isConstant()) top.put("schedule", schedule(spec.schedule()));
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("epochs", spec.training().epochs());
        training.put("batch_size", spec.training().batchSize());
        training.put("eval_batch_size", spec.training().evalBatchSize());
        top.put("training", training);
        if (!spec.evaluation().isEmpty()) {
            Map<String, Object> sets = new LinkedHashMap<>();
            for (EvaluationSetSpec set : spec.evaluation()) {
                sets.put(set.name(), ordered("split", set.split().yamlName(), "transforms",
                        transforms(set.transforms())));
            }
            top.put("evaluation", sets);
        }
        if (spec.checkpoint() != null) {
            top.put("checkpoint", ordered("monitor", spec.checkpoint().monitor(), "mode",
                    spec.checkpoint().mode().yamlName()));
        }
        if (spec.earlyStopping() != null) {
            EarlyStoppingSpec e = spec.earlyStopping();
            Map<String, Object> m = ordered("monitor", e.monitor(), "patience", e.patience());
            m.put("mode", e.mode().yamlName());
            m.put("min_delta", e.minDelta());
            top.put("early_stopping", m);
        }
        if (spec.reference() != null) top.put("reference", reference(spec.reference()));
        // Only when not the default, as schedule: the config.yaml, config hash and sweep point ids of fast runs stay
        // what they were before the key existed.
        if (spec.reproducibility() != Defaults.REPRODUCIBILITY) {
            top.put("reproducibility", spec.reproducibility().yamlName());
        }
        return top;
    }

    private static Map<String, Object> reference(ReferenceSpec r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", r.source());
        if (r.tutorial() != null) m.put("tutorial", r.tutorial());
        if (r.model() != null) m.put("model", r.model());
        if (r.note() != null) m.put("note", r.note());
        // Whole numbers (a parameter count) stay whole; they load back to the same double.
        r.figures().forEach((k, v) -> m.put(k, v == Math.rint(v) && Math.abs(v) < 1e15 ? (Object) v.longValue() : v));
        return m;
    }

    private static List<Object> transforms(List<TransformSpec> list) {
        List<Object> out = new ArrayList<>();
        for (TransformSpec t : list) {
            if (t instanceof TransformSpec.Normalize n) {
                out.add(Map.of("normalize", ordered("mean", n.mean(), "std", n.std())));
            } else if (t instanceof TransformSpec.NormalizeAuto) {
                out.add(Map.of("normalize", "auto"));
            } else if (t instanceof TransformSpec.RandomRotation r) {
                out.add(Map.of("random_rotation", ordered("degrees", r.degrees(), "fill", r.fill())));
            } else if (t instanceof TransformSpec.RandomCrop c) {
                Map<String, Object> m = ordered("size", c.size(), "padding", c.padding());
                m.put("fill", c.fill());
                out.add(Map.of("random_crop", m));
            } else if (t instanceof TransformSpec.RandomHorizontalFlip f) {
                out.add(Map.of("random_horizontal_flip", Map.of("p", f.p())));
            } else if (t instanceof TransformSpec.RandomErasing e) {
                Map<String, Object> m = ordered("p", e.p(), "scale", range(e.scale()));
                m.put("ratio", range(e.ratio()));
                m.put("value", e.value());
                out.add(Map.of("random_erasing", m));
            } else if (t instanceof TransformSpec.RandomAffine a) {
                Map<String, Object> m = ordered("degrees", a.degrees());
                if (a.translate() != null) m.put("translate", List.of(a.translate().x(), a.translate().y()));
                if (a.scale() != null) m.put("scale", range(a.scale()));
                m.put("fill", a.fill());
                out.add(Map.of("random_affine", m));
            }
        }
        return out;
    }

    private static List<Double> range(TransformSpec.Range r) {
        return List.of(r.min(), r.max());
    }

    private static Map<String, Object> schedule(LearningRateSpec s) {
        Map<String, Object> m = new LinkedHashMap<>();
        ScheduleSpec kind = s.schedule();
        if (kind instanceof ScheduleSpec.Step st) {
            m.put("step", ordered("step_size", st.stepSize(), "gamma", st.gamma()));
        } else if (kind instanceof ScheduleSpec.MultiStep ms) {
            m.put("multistep", ordered("milestones", ms.milestones(), "gamma", ms.gamma()));
        } else if (kind instanceof ScheduleSpec.Exponential ex) {
            m.put("exponential", Map.of("gamma", ex.gamma()));
        } else if (kind instanceof ScheduleSpec.Cosine c) {
            m.put("cosine", ordered("t_max", c.tMax(), "eta_min", c.etaMin()));
        } else if (kind instanceof ScheduleSpec.OneCycle o) {
            Map<String, Object> one = ordered("max_lr", o.maxLr(), "pct_start", o.pctStart());
            one.put("div_factor", o.divFactor());
            one.put("final_div_factor", o.finalDivFactor());
            one.put("anneal_strategy", o.annealStrategy().yamlName());
            one.put("three_phase", o.threePhase());
            m.put("onecycle", one);
        }
        if (s.warmup() != null) {
            m.put("warmup", ordered("epochs", s.warmup().epochs(), "start_factor", s.warmup().startFactor()));
        }
        return m;
    }

    private static Object init(InitSpec init) {
        if (init instanceof InitSpec.Preset p) return p.scheme().yamlName();
        if (init instanceof InitSpec.Normal n) return Map.of("normal", Map.of("std", n.std()));
        InitSpec.Uniform u = (InitSpec.Uniform) init;
        return Map.of("uniform", Map.of("bound", u.bound()));
    }

    private static Object layer(LayerSpec layer) {
        if (layer instanceof LayerSpec.Conv2d c) {
            Map<String, Object> m = ordered("filters", c.filters(), "kernel", c.kernel(), "stride", c.stride());
            m.put("padding", c.padding().same() ? "same" : c.padding().amount());
            m.put("bias", c.bias());
            if (c.init() != null) m.put("init", init(c.init()));
            return Map.of("conv2d", m);
        }
        if (layer instanceof LayerSpec.Pool p) {
            return Map.of(p.kind(), ordered("kernel", p.kernel(), "stride", p.stride()));
        }
        if (layer instanceof LayerSpec.Dense d) {
            Map<String, Object> m = ordered("units", d.units(), "activation", d.activation().yamlName());
            m.put("bias", d.bias());
            if (d.init() != null) m.put("init", init(d.init()));
            return Map.of("dense", m);
        }
        if (layer instanceof LayerSpec.Dropout d) return Map.of("dropout", Map.of("rate", d.rate()));
        if (layer instanceof LayerSpec.BatchNorm b) {
            return Map.of("batchnorm", ordered("eps", b.eps(), "momentum", b.momentum()));
        }
        return layer.kind();
    }

    private static Object optimizer(OptimizerSpec o) {
        if (o instanceof OptimizerSpec.Sgd s) {
            Map<String, Object> m = ordered("lr", s.lr(), "momentum", s.momentum());
            m.put("nesterov", s.nesterov());
            m.put("weight_decay", s.weightDecay());
            return m;
        }
        if (o instanceof OptimizerSpec.AdamW a) return adam(a.lr(), a.beta1(), a.beta2(), a.eps(), a.weightDecay());
        OptimizerSpec.Adam a = (OptimizerSpec.Adam) o;
        return adam(a.lr(), a.beta1(), a.beta2(), a.eps(), a.weightDecay());
    }

    private static Map<String, Object> adam(double lr, double beta1, double beta2, double eps, double weightDecay) {
        Map<String, Object> m = ordered("lr", lr, "betas", List.of(beta1, beta2));
        m.put("eps", eps);
        m.put("weight_decay", weightDecay);
        return m;
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
