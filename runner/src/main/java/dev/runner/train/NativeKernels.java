package dev.runner.train;

import dev.runner.util.CpuInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which CPU kernels the native libraries chose: the CPU and its vector extensions, OpenBLAS's core type (asked of
 * OpenBLAS itself) and oneDNN's instruction set. The same file and seed give other numbers under other kernels (an
 * AVX-512 GEMM adds in another order than an AVX2 one), so a run's hash is only comparable between runs that agree on
 * these. OpenBLAS's choice is its own answer; oneDNN 2.3, linked inside libnd4jcpu, exports no call to ask it; its instruction set is worked out from
 * {@code DNNL_MAX_CPU_ISA} and the CPU's flags by oneDNN's rules, and {@link #onednnIsaSource} says so.
 *
 * @param openblasCore      the kernels OpenBLAS chooses in this environment, as it says itself ({@link OpenBlasProbe});
 *                          null when it cannot be asked (the CUDA build has no OpenBLAS)
 * @param openblasCoretype  {@code OPENBLAS_CORETYPE} as set, else "unset (detected)"
 * @param dnnlMaxCpuIsa     {@code DNNL_MAX_CPU_ISA} as set, else "unset (all)"
 * @param onednnIsa         the instruction set oneDNN dispatches to: the lower of the CPU's best and the limit
 */
public record NativeKernels(String cpuVendor, String cpuModel, List<String> cpuVectorExtensions, String openblasCore,
                            String openblasCoretype, String dnnlMaxCpuIsa, String onednnIsa,
                            String onednnIsaSource) {

    /** oneDNN 2.x's instruction sets, lowest first, by the names {@code DNNL_MAX_CPU_ISA} takes. */
    static final List<String> ONEDNN_ISAS = List.of("SSE41", "AVX", "AVX2", "AVX512_MIC", "AVX512_MIC_4OPS",
            "AVX512_CORE", "AVX512_CORE_VNNI", "AVX512_CORE_BF16", "AVX512_CORE_AMX");

    public NativeKernels {
        cpuVectorExtensions = cpuVectorExtensions == null ? null : List.copyOf(cpuVectorExtensions);
    }

    /** This process's: call after ND4J has loaded, so that OpenBLAS is the one ND4J uses. */
    public static NativeKernels current() {
        CpuInfo cpu = CpuInfo.current();
        Map<String, String> env = System.getenv();
        String limit = env.get("DNNL_MAX_CPU_ISA");
        return new NativeKernels(cpu.vendor(), cpu.model(), cpu.known() ? cpu.vectorExtensions() : null,
                OpenBlasProbe.core(),
                env.getOrDefault("OPENBLAS_CORETYPE", "unset (detected)"),
                limit == null ? "unset (all)" : limit, onednnIsa(cpu.bestOnednnIsa(), limit),
                "derived from the CPU flags and DNNL_MAX_CPU_ISA by oneDNN's rules (oneDNN 2.3 inside libnd4jcpu "
                        + "cannot be asked)");
    }

    /** The lower of the CPU's best and the limit; the CPU's best when the limit is unset, ALL or not a name. */
    static String onednnIsa(String best, String limit) {
        if (best == null) return null;
        if (limit == null) return best;
        int l = ONEDNN_ISAS.indexOf(limit.trim().toUpperCase(Locale.ROOT));
        int b = ONEDNN_ISAS.indexOf(best);
        if (l < 0 || b < 0) return best;
        return ONEDNN_ISAS.get(Math.min(l, b));
    }

    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu_vendor", cpuVendor);
        m.put("cpu_model", cpuModel);
        m.put("cpu_vector_extensions", cpuVectorExtensions);
        m.put("openblas_core", openblasCore);
        m.put("openblas_coretype", openblasCoretype);
        m.put("dnnl_max_cpu_isa", dnnlMaxCpuIsa);
        m.put("onednn_isa", onednnIsa);
        m.put("onednn_isa_source", onednnIsaSource);
        return m;
    }
}
