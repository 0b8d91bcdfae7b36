package dev.runner.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.config.ExperimentLoader;
import dev.runner.config.ExperimentSpec;
import dev.runner.util.CpuInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortableModeTest {
    @TempDir
    Path dir;

    @Test
    void pinsAnAvx2LevelOneThreadAndOpenblasDefaults() {
        assertEquals(Map.of("DNNL_MAX_CPU_ISA", "AVX2", "OPENBLAS_CORETYPE", "Haswell", "OMP_NUM_THREADS", "1",
                "OPENBLAS_NUM_THREADS", "1", "OPENBLAS_BLOCK_FACTOR", "0"), PortableMode.ENVIRONMENT);
        Map<String, String> env = new HashMap<>(PortableMode.ENVIRONMENT);
        assertTrue(PortableMode.inForce(env));
        env.put("DNNL_MAX_CPU_ISA", "AVX512_CORE");
        assertFalse(PortableMode.inForce(env));
        env.putAll(PortableMode.ENVIRONMENT);
        env.remove("OMP_NUM_THREADS");
        assertFalse(PortableMode.inForce(env));
    }

    @Test
    void refusesWhatCannotKeepThePromise() {
        CpuInfo arm = new CpuInfo("aarch64", null, null, Set.of("asimd"));
        assertTrue(PortableMode.unsupported(arm).orElseThrow().contains("this is aarch64"));
        CpuInfo sandyBridge = CpuInfo.parse("model name : Intel Core i7-2600\nflags : sse4_1 sse4_2 avx\n", "amd64");
        assertEquals(Optional.of("reproducibility: portable needs an x86-64 CPU with AVX2 and FMA (Intel Haswell or "
                + "AMD Excavator or newer); Intel Core i7-2600 lacks avx2 and fma (use reproducibility: fast here)"),
                PortableMode.unsupported(sandyBridge));
        CpuInfo unknown = new CpuInfo("amd64", null, null, Set.of());
        assertTrue(PortableMode.unsupported(unknown).orElseThrow().contains("no /proc/cpuinfo"));
        CpuInfo haswell = CpuInfo.parse("flags : sse4_1 avx fma avx2\n", "amd64");
        assertEquals(Optional.empty(), PortableMode.unsupported(haswell));
    }

    @Test
    void aPortableSpecDoesNotTrainInAProcessWithoutTheSettings() throws Exception {
        Path file = dir.resolve("e.yaml");
        Files.writeString(file, """
                name: e
                seed: 1
                dataset: {name: mnist}
                model: {layers: [flatten, {dense: 10}]}
                optimizer: {sgd: {lr: 0.1}}
                training: {epochs: 1, batch_size: 8}
                reproducibility: portable
                """);
        try (ExperimentLoader loader = new ExperimentLoader()) {
            ExperimentSpec spec = loader.load(file, List.of()).spec();
            if (PortableMode.inForce(System.getenv())) return; // a test JVM started portable has nothing to refuse
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> PortableMode.requireInForce(spec));
            assertTrue(e.getMessage().contains("DNNL_MAX_CPU_ISA=AVX2"), e.getMessage());
            PortableMode.requireInForce(loader.load(file, List.of("reproducibility=fast")).spec());
        }
        assertEquals(Optional.of(dev.runner.config.Reproducibility.PORTABLE), PortableMode.of(file, List.of()));
        assertEquals(Optional.empty(), PortableMode.of(dir.resolve("missing.yaml"), List.of()));
    }

    @Test
    void sweepPointsOfAPortableConfigGetTheSettings() throws Exception {
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, """
                name: e
                seed: 1
                dataset: {name: mnist}
                model: {layers: [flatten, {dense: 10}]}
                optimizer: {sgd: {lr: 0.1}}
                training: {epochs: 1, batch_size: 8}
                """);
        Map<String, String> env = new HashMap<>(Map.of("OMP_NUM_THREADS", "2"));
        PortableMode.configure(env, config);
        assertEquals(Map.of("OMP_NUM_THREADS", "2"), env, "a fast point keeps the sweep's threads");
        Files.writeString(config, Files.readString(config) + "reproducibility: portable\n");
        PortableMode.configure(env, config);
        assertTrue(PortableMode.inForce(env), env.toString());
    }

    @Test
    void theRelaunchIsThisJvmWithoutADebuggerPort() {
        List<String> cmd = PortableMode.command("dev.runner.cli.Main", List.of("run", "x.yaml", "--set", "a=b"));
        assertEquals(List.of("dev.runner.cli.Main", "run", "x.yaml", "--set", "a=b"),
                cmd.subList(cmd.size() - 5, cmd.size()));
        assertEquals(System.getProperty("java.class.path"), cmd.get(cmd.size() - 6));
        assertTrue(cmd.stream().noneMatch(a -> a.startsWith("-agentlib:jdwp")));
    }
}
