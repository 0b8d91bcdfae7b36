package dev.runner.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BackendInfoTest {

    @Test
    void cpuBackendRecordsWhatReproducibilityDependsOn() {
        BackendInfo info = BackendInfo.current();
        assertEquals("CPU", info.backend());
        assertTrue(info.device().endsWith(" CPU, " + Runtime.getRuntime().availableProcessors() + " cores"),
                info.device());
        assertNull(info.computeCapability());
        assertNull(info.cudaVersion());
        assertEquals(System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"), info.ompNumThreads());
        assertEquals(System.getenv().getOrDefault("OMP_WAIT_POLICY", "unset"), info.ompWaitPolicy());
        assertEquals("false", info.helpersDisableProperty(), "surefire runs with oneDNN helpers on, as bin/runner");
        assertEquals("linux-x86_64-onednn", info.classifier());
        assertEquals(List.of("backend", "nd4j_artifact", "nd4j_classifier", "device", "compute_capability",
                "cuda_version", "omp_num_threads", "omp_wait_policy", "dl4j_helpers_disable", "blas_threads", "available_processors", "dl4j_version",
                "java_version", "cpu_vendor", "cpu_model", "cpu_vector_extensions", "openblas_core",
                "openblas_coretype", "dnnl_max_cpu_isa", "onednn_isa", "onednn_isa_source"),
                List.copyOf(info.asMap().keySet()));
        NativeKernels k = info.kernels();
        assertEquals(System.getenv().getOrDefault("DNNL_MAX_CPU_ISA", "unset (all)"), k.dnnlMaxCpuIsa());
        assertEquals(System.getenv().getOrDefault("OPENBLAS_CORETYPE", "unset (detected)"), k.openblasCoretype());
        if (dev.runner.util.CpuInfo.current().has("avx2")) {
            // OpenBLAS's own answer: one of its x86-64 kernel families, never empty on a CPU it knows.
            assertTrue(k.openblasCore() != null && k.openblasCore().matches("[A-Za-z0-9]+"), k.openblasCore());
            assertTrue(k.cpuVectorExtensions().contains("avx2"), k.cpuVectorExtensions().toString());
        }
    }
}
