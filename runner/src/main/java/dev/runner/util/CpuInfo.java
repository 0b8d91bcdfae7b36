package dev.runner.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The CPU as Linux describes it in {@code /proc/cpuinfo} (first processor): vendor, model name and the instruction
 * set flags. The native libraries pick their kernels from the same flags, so these say which kernels a run could
 * have used. Unknown (null vendor and model, no flags) where there is no {@code /proc/cpuinfo}.
 *
 * @param arch the JVM's {@code os.arch}
 */
public record CpuInfo(String arch, String vendor, String model, Set<String> flags) {

    /** The flags that decide oneDNN's and OpenBLAS's kernels, in the order {@link #vectorExtensions} lists them. */
    public static final List<String> VECTOR_FLAGS = List.of("sse4_1", "sse4_2", "avx", "fma", "avx2",
            "avx512f", "avx512dq", "avx512cd", "avx512bw", "avx512vl", "avx512_vnni", "avx512_bf16", "avx512_fp16",
            "avx_vnni", "amx_tile", "amx_int8", "amx_bf16");

    public CpuInfo {
        flags = Set.copyOf(flags);
    }

    public static CpuInfo current() {
        return read(Path.of("/proc/cpuinfo"), System.getProperty("os.arch"));
    }

    /** {@code file} in {@code /proc/cpuinfo}'s format; unknown when it cannot be read. */
    public static CpuInfo read(Path file, String arch) {
        try {
            return parse(Files.readString(file), arch);
        } catch (IOException | RuntimeException e) {
            return new CpuInfo(arch, null, null, Set.of());
        }
    }

    /** The first processor's entry of a {@code /proc/cpuinfo} text. */
    public static CpuInfo parse(String text, String arch) {
        String vendor = null;
        String model = null;
        Set<String> flags = new LinkedHashSet<>();
        boolean flagsSeen = false;
        for (String line : text.split("\n")) {
            if (line.isBlank() && (vendor != null || model != null || flagsSeen)) break; // end of the first processor
            int colon = line.indexOf(':');
            if (colon < 0) continue;
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (key.equals("vendor_id") && vendor == null) vendor = value;
            else if (key.equals("model name") && model == null) model = value;
            else if (key.equals("flags") && !flagsSeen) {
                flags.addAll(Arrays.asList(value.split("\\s+")));
                flagsSeen = true;
            }
        }
        flags.remove("");
        return new CpuInfo(arch, vendor, model, flags);
    }

    public boolean known() {
        return !flags.isEmpty();
    }

    public boolean has(String flag) {
        return flags.contains(flag);
    }

    public boolean isX86_64() {
        String a = arch == null ? "" : arch.toLowerCase(Locale.ROOT);
        return a.equals("amd64") || a.equals("x86_64");
    }

    /** Of {@link #VECTOR_FLAGS}, those this CPU has. */
    public List<String> vectorExtensions() {
        List<String> present = new ArrayList<>();
        for (String f : VECTOR_FLAGS) if (flags.contains(f)) present.add(f);
        return present;
    }

    /**
     * The best instruction set oneDNN 2.x dispatches to on this CPU when nothing limits it, in the names
     * {@code DNNL_MAX_CPU_ISA} takes, worked out from the flags by oneDNN's own rules (oneDNN 2.3 in ND4J M2.1
     * cannot be asked); null when the flags are unknown or the CPU is not x86-64.
     */
    public String bestOnednnIsa() {
        if (!known() || !isX86_64()) return null;
        boolean avx512Core = has("avx512f") && has("avx512bw") && has("avx512vl") && has("avx512dq");
        if (avx512Core && has("amx_tile") && has("amx_int8") && has("amx_bf16")) return "AVX512_CORE_AMX";
        if (avx512Core && has("avx512_bf16")) return "AVX512_CORE_BF16";
        if (avx512Core && has("avx512_vnni")) return "AVX512_CORE_VNNI";
        if (avx512Core) return "AVX512_CORE";
        if (has("avx2")) return "AVX2";
        if (has("avx")) return "AVX";
        if (has("sse4_1")) return "SSE41";
        return "none";
    }
}
