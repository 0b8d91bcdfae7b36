package dev.runner.run;

import dev.runner.config.InvalidExperimentException;
import dev.runner.config.LoadedExperiment;
import dev.runner.model.MemoryEstimate;
import dev.runner.model.ModelSummary;
import java.util.Locale;
import org.bytedeco.javacpp.Pointer;

/**
 * Refuses, before anything is allocated, an experiment whose model cannot fit in this JVM: ND4J's arrays against
 * javacpp's off-heap limit ({@link Pointer#maxBytes()}, which follows -Xmx unless set) and what is left of the
 * process's physical limit ({@link Pointer#maxPhysicalBytes()}), the initializer's largest weight array against the
 * Java heap ({@link Runtime#maxMemory()}).
 * <p>
 * It is an invalid experiment (exit 2), not a failure while running: nothing has started, the answer does not change
 * by trying again, and what to change is in the experiment (smaller layers or batch) or on the command line (more
 * memory), as for any other invalid setting. So {@code validate} reports it too, for this machine's limits.
 */
final class MemoryCheck {
    private MemoryCheck() {
    }

    /** The limits of this JVM. */
    record Limits(long heapBytes, long offHeapBytes) {
        static Limits current() {
            long heap = Runtime.getRuntime().maxMemory();
            long offHeap = Pointer.maxBytes() > 0 ? Pointer.maxBytes() : Long.MAX_VALUE;
            if (Pointer.maxPhysicalBytes() > 0) {
                offHeap = Math.min(offHeap, Math.max(0, Pointer.maxPhysicalBytes() - heap));
            }
            return new Limits(heap, offHeap);
        }
    }

    static void check(LoadedExperiment experiment, ModelSummary summary, Limits limits)
            throws InvalidExperimentException {
        MemoryEstimate need = MemoryEstimate.of(experiment.spec(), summary);
        boolean offHeap = need.offHeapBytes() > limits.offHeapBytes();
        boolean heap = need.heapBytes() > limits.heapBytes();
        if (!offHeap && !heap) return;
        int layer = need.largestLayer();
        String message = offHeap
                ? String.format(Locale.ROOT, "training this model needs about %s of native memory, more than this "
                        + "JVM's limit of %s: %,d parameters take %s with their gradients%s and the model file's "
                        + "copy, a batch of %d images' activations %s; this layer takes the most (%s). Use fewer "
                        + "filters or units or a smaller training.batch_size, or give the JVM more memory "
                        + "(RUNNER_JAVA_OPTS=-Xmx…, which also raises ND4J's off-heap limit)",
                        bytes(need.offHeapBytes()), bytes(limits.offHeapBytes()), need.parameters(),
                        bytes(need.parameterBytes()), need.updaterStates() == 0 ? ""
                                : " and optimizer state", experiment.spec().training().batchSize(),
                        bytes(need.activationBytes()), bytes(need.layerBytes()[layer]))
                : String.format(Locale.ROOT, "initializing this layer's %,d weights needs %s of Java heap, more "
                        + "than this JVM's maximum of %s. Use fewer filters or units, or give the JVM more memory "
                        + "(RUNNER_JAVA_OPTS=-Xmx…)", summary.rows().get(layer).parameters(),
                        bytes(need.heapBytes()), bytes(limits.heapBytes()));
        throw experiment.problemAt("model.layers[" + layer + "]", message);
    }

    static String bytes(long n) {
        if (n == Long.MAX_VALUE) return "more than 9 EB";
        double gb = n / 1e9;
        if (gb >= 1) return String.format(Locale.ROOT, "%.1f GB", gb);
        return String.format(Locale.ROOT, "%.1f MB", n / 1e6);
    }
}
