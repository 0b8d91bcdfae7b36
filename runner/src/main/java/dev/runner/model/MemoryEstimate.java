package dev.runner.model;

import dev.runner.config.ExperimentSpec;
import dev.runner.config.LayerSpec;
import dev.runner.config.OptimizerSpec;
import java.util.List;

/**
 * What training a model needs in memory, from its inferred shapes, before anything is allocated. ND4J keeps arrays
 * off the Java heap: the parameters, their gradients, the optimizer's state (one array for SGD with momentum, two
 * for Adam), one more copy when the model file is written, and a batch's activations and their gradients (a
 * convolution also unfolds its input, im2col). On the heap, the initializer draws each layer's weights into an array.
 * It is an estimate from above of the largest arrays, not an account of every byte: enough to refuse a model that
 * cannot fit instead of growing for minutes and dying of "Java heap space".
 *
 * @param layerBytes each layer's share (its parameters with their companions and its activations), by index
 */
public record MemoryEstimate(long parameters, long parameterBytes, long activationBytes, long heapBytes,
                             long[] layerBytes, int updaterStates) {
    private static final long FLOAT = Float.BYTES;

    public long offHeapBytes() {
        return parameterBytes + activationBytes;
    }

    /** The layer that needs the most, to point at. */
    public int largestLayer() {
        int best = 0;
        for (int i = 1; i < layerBytes.length; i++) if (layerBytes[i] > layerBytes[best]) best = i;
        return best;
    }

    public static MemoryEstimate of(ExperimentSpec spec, ModelSummary summary) {
        int states = updaterStates(spec.optimizer());
        long copies = 3 + states; // parameters, gradients, the state, the copy written to model.zip
        int batch = Math.max(spec.training().batchSize(), 1);
        int evalBatch = Math.max(spec.training().evalBatchSize(), 1);
        List<LayerSpec> layers = spec.model().layers();
        long[] perLayer = new long[summary.rows().size()];
        long parameters = 0;
        long activations = 0;
        long widestHeap = 0;
        long widestOutput = size(summary.input());
        LayerShape in = summary.input();
        for (int i = 0; i < perLayer.length; i++) {
            ModelSummary.Row row = summary.rows().get(i);
            long out = size(row.output());
            widestOutput = Math.max(widestOutput, out);
            long act = sat(sat(out, batch), 2 * FLOAT); // the activation and its gradient
            if (i < layers.size() && layers.get(i) instanceof LayerSpec.Conv2d c) {
                long unfolded = sat(sat(sat((long) row.output().height() * row.output().width(), in.channels()),
                        (long) c.kernel() * c.kernel()), batch);
                act = satAdd(act, sat(unfolded, FLOAT));
            }
            long params = sat(row.parameters(), sat(copies, FLOAT));
            perLayer[i] = satAdd(params, act);
            parameters = satAdd(parameters, row.parameters());
            activations = satAdd(activations, act);
            widestHeap = Math.max(widestHeap, sat(row.parameters(), FLOAT));
            in = row.output();
        }
        activations = satAdd(activations, sat(sat(widestOutput, evalBatch), 2 * FLOAT)); // an evaluation pass
        return new MemoryEstimate(parameters, sat(parameters, sat(copies, FLOAT)), activations, widestHeap, perLayer,
                states);
    }

    private static int updaterStates(OptimizerSpec optimizer) {
        if (optimizer instanceof OptimizerSpec.Sgd s) return s.momentum() > 0 ? 1 : 0;
        return 2;
    }

    private static long size(LayerShape s) {
        return s.map() ? sat(sat(s.channels(), s.height()), s.width()) : s.size();
    }

    /** Multiplication that stops at Long.MAX_VALUE instead of wrapping: a huge model must read as huge. */
    private static long sat(long a, long b) {
        long r = a * b;
        return (a != 0 && (r / a != b || r < 0)) ? Long.MAX_VALUE : r;
    }

    private static long satAdd(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }
}
