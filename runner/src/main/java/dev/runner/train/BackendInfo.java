package dev.runner.train;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What a run's numbers depend on besides its config and seed: the ND4J backend and native build, the device, the
 * thread counts, the CPU kernels the native libraries chose ({@link NativeKernels}). Bitwise reproducibility is
 * claimed only between runs that agree on all of these (in {@code reproducibility: portable}, the kernels are
 * pinned and the CPU may differ).
 */
public record BackendInfo(String backend, String nd4jArtifact, String classifier, String device,
                          String computeCapability, String cudaVersion, String ompNumThreads, String ompWaitPolicy,
                          String helpersDisableProperty, int blasThreads,
                          String dl4jVersion, String javaVersion, int availableProcessors,
                          NativeKernels kernels) {

    /** Without the kernels (null): a record of a CUDA run, or of a test that fixes the other values. */
    public BackendInfo(String backend, String nd4jArtifact, String classifier, String device,
                       String computeCapability, String cudaVersion, String ompNumThreads, String ompWaitPolicy,
                       String helpersDisableProperty, int blasThreads, String dl4jVersion, String javaVersion,
                       int availableProcessors) {
        this(backend, nd4jArtifact, classifier, device, computeCapability, cudaVersion, ompNumThreads,
                ompWaitPolicy, helpersDisableProperty, blasThreads, dl4jVersion, javaVersion, availableProcessors,
                null);
    }

    public static BackendInfo current() {
        Properties build = buildProperties();
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        String backend = String.valueOf(env.getOrDefault("backend", "CPU"));
        boolean cuda = backend.toUpperCase(java.util.Locale.ROOT).contains("CUDA");
        String device = cuda ? String.valueOf(env.getOrDefault("cuda.devicesInformation", "CUDA device"))
                : System.getProperty("os.arch") + " CPU, " + Runtime.getRuntime().availableProcessors() + " cores";
        return new BackendInfo(backend,
                build.getProperty("nd4j.backend", "nd4j-native"),
                build.getProperty("nd4j.classifier", "unknown"),
                device,
                cuda ? String.valueOf(env.getOrDefault("cuda.computeCapability", "unknown")) : null,
                cuda ? String.valueOf(env.getOrDefault("cuda.version", "unknown")) : null,
                System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"),
                System.getenv().getOrDefault("OMP_WAIT_POLICY", "unset"),
                System.getProperty("org.eclipse.deeplearning4j.helpers.disable", "unset (DL4J default: true)"),
                blasThreads(env),
                build.getProperty("dl4j.version", "unknown"),
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                NativeKernels.current());
    }

    private static int blasThreads(Properties env) {
        Object v = env.get("blas.threads");
        try {
            return v == null ? 0 : Integer.parseInt(v.toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public static Properties buildProperties() {
        Properties p = new Properties();
        try (InputStream in = BackendInfo.class.getResourceAsStream("/runner-build.properties")) {
            if (in != null) p.load(in);
        } catch (IOException ignored) {
            // the build properties are informational; a run proceeds without them
        }
        return p;
    }

    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backend", backend);
        m.put("nd4j_artifact", nd4jArtifact);
        m.put("nd4j_classifier", classifier);
        m.put("device", device);
        m.put("compute_capability", computeCapability);
        m.put("cuda_version", cudaVersion);
        m.put("omp_num_threads", ompNumThreads);
        m.put("omp_wait_policy", ompWaitPolicy);
        m.put("dl4j_helpers_disable", helpersDisableProperty);
        m.put("blas_threads", blasThreads);
        m.put("available_processors", availableProcessors);
        m.put("dl4j_version", dl4jVersion);
        m.put("java_version", javaVersion);
        if (kernels != null) m.putAll(kernels.asMap());
        return m;
    }
}
