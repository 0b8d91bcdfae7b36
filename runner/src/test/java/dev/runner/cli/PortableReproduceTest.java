package dev.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runner.TestData;
import dev.runner.config.DatasetName;
import dev.runner.data.DatasetInfo;
import dev.runner.results.RunRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each run of {@code reproduce} trains in a JVM of its own, started with its experiment's environment, so portable
 * and fast experiments can share one reproduction.
 */
class PortableReproduceTest {
    private static final String EXPERIMENT = """
            name: %s
            seed: 1
            dataset: {name: mnist, train_limit: 10, test_limit: 20}
            model: {layers: [flatten, {dense: 10}]}
            optimizer: {sgd: {lr: 0.1}}
            training: {epochs: 1, batch_size: 8}
            reproducibility: %s
            """;

    @TempDir
    Path dir;

    @Test
    void portableAndFastExperimentsEachRunInTheirOwnMode() throws Exception {
        Path data = TestData.ensure(DatasetInfo.of(DatasetName.MNIST));
        Path fast = dir.resolve("a.yaml");
        Path portable = dir.resolve("b.yaml");
        Files.writeString(fast, EXPERIMENT.formatted("a", "fast"));
        Files.writeString(portable, EXPERIMENT.formatted("b", "portable"));
        Path out = dir.resolve("out");
        CliRun run = CliRun.of("reproduce", fast.toString(), portable.toString(), "--out", out.toString(),
                "--data-dir", data.toString());
        assertEquals(0, run.exitCode(), run.err() + run.out());
        Map<String, String> isaByName = new TreeMap<>();
        try (var s = Files.list(out.resolve("reproduction"))) {
            for (Path r : s.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().startsWith("."))
                    .toList()) {
                RunRecord.Stored record = RunRecord.read(r.resolve("run.json"));
                isaByName.put(record.name(), record.kernels().dnnlMaxCpuIsa());
            }
        }
        assertEquals(Map.of("a", System.getenv().getOrDefault("DNNL_MAX_CPU_ISA", "unset (all)"), "b", "AVX2"),
                isaByName);
    }
}
