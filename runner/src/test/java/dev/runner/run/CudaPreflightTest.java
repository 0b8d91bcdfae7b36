package dev.runner.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CudaPreflightTest {
    private static final List<String> ALL_CUDA = List.of("libcudart.so.11.0", "libcublas.so.11",
            "libcusolver.so.11");
    private static final CudaPreflight.Gpu A100 = new CudaPreflight.Gpu("NVIDIA A100-SXM4-40GB", "8.0");
    private static final CudaPreflight.Gpu H100 = new CudaPreflight.Gpu("NVIDIA H100 80GB HBM3", "9.0");

    private static Optional<String> problem(List<CudaPreflight.Gpu> gpus, List<String> libraries, boolean cudnn) {
        return CudaPreflight.problem(new CudaPreflight.Machine(gpus, libraries), cudnn);
    }

    @Test
    void hopperIsRefusedNamingTheGpuAndTheLimit() {
        String message = problem(List.of(H100), ALL_CUDA, false).orElseThrow();
        assertEquals("unsupported GPU: NVIDIA H100 80GB HBM3 has compute capability 9.0, but ND4J 1.0.0-M2.1's "
                + "CUDA 11.6 build has kernels only up to 8.6 and no PTX to compile for newer GPUs (Hopper H100/H200 "
                + "is 9.0); rebuild without -Pcuda to train on the CPU", message);
    }

    @Test
    void hopperIsRefusedBeforeLibrariesAreLookedAt() {
        assertTrue(problem(List.of(H100), List.of(), true).orElseThrow().startsWith("unsupported GPU: NVIDIA H100"));
    }

    @Test
    void ampereWithAllLibrariesIsAccepted() {
        assertEquals(Optional.empty(), problem(List.of(A100), ALL_CUDA, false));
        assertEquals(Optional.empty(), problem(List.of(new CudaPreflight.Gpu("NVIDIA GeForce RTX 3090", "8.6")),
                ALL_CUDA, false));
        List<String> withCudnn = new java.util.ArrayList<>(ALL_CUDA);
        withCudnn.add("libcudnn.so.8");
        assertEquals(Optional.empty(), problem(List.of(A100), withCudnn, true));
    }

    @Test
    void oneUnsupportedGpuAmongSeveralIsNamed() {
        assertTrue(problem(List.of(A100, H100), ALL_CUDA, false).orElseThrow()
                .startsWith("unsupported GPU: NVIDIA H100 80GB HBM3 has compute capability 9.0"));
    }

    @Test
    void missingLibrariesAreNamed() {
        assertEquals("missing CUDA libraries: libcublas.so.11, libcusolver.so.11 (the CUDA build needs CUDA 11.6 "
                        + "installed and on LD_LIBRARY_PATH or in ldconfig's cache)",
                problem(List.of(A100), List.of("libcudart.so.11.0"), false).orElseThrow());
        assertEquals("missing CUDA libraries: libcudnn.so.8 (the CUDA build needs CUDA 11.6 and cuDNN 8.3 "
                        + "installed and on LD_LIBRARY_PATH or in ldconfig's cache)",
                problem(List.of(A100), ALL_CUDA, true).orElseThrow());
    }

    @Test
    void noGpu() {
        String expected = "this runner was built with -Pcuda but no NVIDIA GPU was found (nvidia-smi lists none); "
                + "rebuild without -Pcuda to train on the CPU";
        assertEquals(expected, problem(List.of(), ALL_CUDA, false).orElseThrow());
        assertEquals(expected, problem(null, ALL_CUDA, false).orElseThrow());
    }

    @Test
    void unreadableComputeCapability() {
        assertEquals("cannot read the compute capability of Mystery GPU ('[N/A]')",
                problem(List.of(new CudaPreflight.Gpu("Mystery GPU", "[N/A]")), ALL_CUDA, false).orElseThrow());
    }

    @Test
    void parsesNvidiaSmiCsv() {
        String output = "NVIDIA H100 80GB HBM3, 9.0\r\nNVIDIA A100-SXM4-40GB, 8.0\n\n";
        assertEquals(List.of(H100, A100), CudaPreflight.parseNvidiaSmi(output));
        // A name with a comma keeps it: the capability is after the last one.
        assertEquals(List.of(new CudaPreflight.Gpu("Tesla T4, rev 2", "7.5")),
                CudaPreflight.parseNvidiaSmi("Tesla T4, rev 2, 7.5\n"));
        assertEquals(List.of(), CudaPreflight.parseNvidiaSmi(""));
        assertEquals(List.of(), CudaPreflight.parseNvidiaSmi("No devices were found\n"));
    }

    @Test
    void theLimitIsAmpere() {
        assertEquals(8.6, CudaPreflight.MAX_COMPUTE_CAPABILITY);
    }
}
