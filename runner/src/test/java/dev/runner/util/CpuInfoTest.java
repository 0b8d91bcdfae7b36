package dev.runner.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CpuInfoTest {
    private static final String TWO_PROCESSORS = """
            processor\t: 0
            vendor_id\t: GenuineIntel
            model name\t: Intel(R) Xeon(R) Platinum 8480+
            flags\t\t: fpu sse4_1 sse4_2 avx fma avx2 avx512f avx512dq avx512cd avx512bw avx512vl avx512_vnni \
            avx512_bf16 amx_bf16 amx_tile amx_int8

            processor\t: 1
            vendor_id\t: OtherVendor
            model name\t: not the first
            flags\t\t: fpu
            """;

    @Test
    void readsTheFirstProcessor() {
        CpuInfo cpu = CpuInfo.parse(TWO_PROCESSORS, "amd64");
        assertEquals("GenuineIntel", cpu.vendor());
        assertEquals("Intel(R) Xeon(R) Platinum 8480+", cpu.model());
        assertTrue(cpu.has("avx2") && cpu.has("amx_tile") && !cpu.has("sse2"));
        assertEquals(List.of("sse4_1", "sse4_2", "avx", "fma", "avx2", "avx512f", "avx512dq", "avx512cd",
                "avx512bw", "avx512vl", "avx512_vnni", "avx512_bf16", "amx_tile", "amx_int8", "amx_bf16"),
                cpu.vectorExtensions());
        assertEquals("AVX512_CORE_AMX", cpu.bestOnednnIsa());
    }

    @Test
    void onednnsBestFollowsItsRules() {
        assertEquals("AVX512_CORE_BF16", cpu("avx2 fma avx512f avx512bw avx512vl avx512dq avx512_vnni avx512_bf16")
                .bestOnednnIsa(), "Zen 4");
        assertEquals("AVX512_CORE_VNNI", cpu("avx2 avx512f avx512bw avx512vl avx512dq avx512_vnni").bestOnednnIsa());
        assertEquals("AVX512_CORE", cpu("avx2 avx512f avx512bw avx512vl avx512dq").bestOnednnIsa());
        assertEquals("AVX2", cpu("avx avx2 fma avx512f").bestOnednnIsa(), "avx512f alone is not avx512_core");
        assertEquals("AVX", cpu("sse4_1 avx").bestOnednnIsa());
        assertEquals("SSE41", cpu("sse4_1").bestOnednnIsa());
        assertNull(new CpuInfo("aarch64", null, null, Set.of("asimd")).bestOnednnIsa());
    }

    @Test
    void unknownWithoutProcCpuinfo() {
        CpuInfo cpu = CpuInfo.read(Path.of("/nonexistent/cpuinfo"), "amd64");
        assertFalse(cpu.known());
        assertNull(cpu.model());
        assertNull(cpu.bestOnednnIsa());
    }

    private static CpuInfo cpu(String flags) {
        return CpuInfo.parse("vendor_id : X\nflags : " + flags + "\n", "x86_64");
    }
}
