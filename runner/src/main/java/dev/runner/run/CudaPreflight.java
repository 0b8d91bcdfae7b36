package dev.runner.run;

import dev.runner.train.BackendInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Checks, before ND4J loads, that a CUDA build of the runner can run here. ND4J 1.0.0-M2.1's CUDA 11.6 binaries
 * hold kernels for compute capability up to 8.6 and no PTX, so a newer GPU (Hopper is 9.0) fails deep inside the
 * first kernel launch; and the backend links against the system's CUDA 11.6 libraries, whose absence otherwise
 * surfaces as an {@link UnsatisfiedLinkError} naming a JNI wrapper. Both become one clear message here.
 */
public final class CudaPreflight {
    /** Highest compute capability the M2.1 CUDA kernels were built for (read off the binaries: sm_86, no PTX). */
    public static final double MAX_COMPUTE_CAPABILITY = 8.6;

    /** The CUDA 11.6 libraries the backend loads, by the sonames they are linked against. */
    public static final List<String> REQUIRED_LIBRARIES = List.of("libcudart.so.11.0", "libcublas.so.11",
            "libcusolver.so.11");
    public static final String CUDNN_LIBRARY = "libcudnn.so.8";

    public record Gpu(String name, String computeCapability) {
    }

    /** What the machine offers: its GPUs as nvidia-smi lists them (null: no nvidia-smi) and the libraries found. */
    public record Machine(List<Gpu> gpus, List<String> librariesFound) {
    }

    private CudaPreflight() {
    }

    public static boolean isCudaBuild() {
        return BackendInfo.buildProperties().getProperty("nd4j.backend", "").contains("cuda");
    }

    public static boolean isCudnnBuild() {
        return BackendInfo.buildProperties().getProperty("nd4j.classifier", "").contains("cudnn");
    }

    /** What keeps this build from training on this machine, if anything: nothing for a CPU build. */
    public static Optional<String> problemHere() {
        return isCudaBuild() ? problem(probe(), isCudnnBuild()) : Optional.empty();
    }

    /** The problem that keeps this machine from running the CUDA build, if any. */
    public static Optional<String> problem(Machine machine, boolean cudnn) {
        if (machine.gpus() == null || machine.gpus().isEmpty()) {
            return Optional.of("this runner was built with -Pcuda but no NVIDIA GPU was found (nvidia-smi lists "
                    + "none); rebuild without -Pcuda to train on the CPU");
        }
        for (Gpu gpu : machine.gpus()) {
            double cc;
            try {
                cc = Double.parseDouble(gpu.computeCapability().trim());
            } catch (NumberFormatException e) {
                return Optional.of("cannot read the compute capability of " + gpu.name() + " ('"
                        + gpu.computeCapability() + "')");
            }
            if (cc > MAX_COMPUTE_CAPABILITY) {
                return Optional.of(String.format(Locale.ROOT, "unsupported GPU: %s has compute capability %s, but "
                        + "ND4J 1.0.0-M2.1's CUDA 11.6 build has kernels only up to %.1f and no PTX to compile for "
                        + "newer GPUs (Hopper H100/H200 is 9.0); rebuild without -Pcuda to train on the CPU",
                        gpu.name(), gpu.computeCapability().trim(), MAX_COMPUTE_CAPABILITY));
            }
        }
        List<String> needed = new ArrayList<>(REQUIRED_LIBRARIES);
        if (cudnn) needed.add(CUDNN_LIBRARY);
        List<String> missing = needed.stream().filter(l -> !machine.librariesFound().contains(l)).toList();
        if (!missing.isEmpty()) {
            return Optional.of("missing CUDA libraries: " + String.join(", ", missing) + " (the CUDA build needs "
                    + "CUDA 11.6" + (cudnn ? " and cuDNN 8.3" : "") + " installed and on LD_LIBRARY_PATH or in "
                    + "ldconfig's cache)");
        }
        return Optional.empty();
    }

    /** Parses {@code nvidia-smi --query-gpu=name,compute_cap --format=csv,noheader}. */
    public static List<Gpu> parseNvidiaSmi(String output) {
        List<Gpu> gpus = new ArrayList<>();
        for (String line : output.split("\\R")) {
            int comma = line.lastIndexOf(',');
            if (line.isBlank() || comma < 0) continue;
            gpus.add(new Gpu(line.substring(0, comma).trim(), line.substring(comma + 1).trim()));
        }
        return gpus;
    }

    public static Machine probe() {
        List<Gpu> gpus;
        try {
            gpus = parseNvidiaSmi(run("nvidia-smi", "--query-gpu=name,compute_cap", "--format=csv,noheader"));
        } catch (IOException e) {
            gpus = List.of();
        }
        List<String> found = new ArrayList<>();
        List<String> wanted = new ArrayList<>(REQUIRED_LIBRARIES);
        wanted.add(CUDNN_LIBRARY);
        String cache;
        try {
            cache = run("ldconfig", "-p");
        } catch (IOException e) {
            cache = "";
        }
        List<Path> dirs = new ArrayList<>();
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) for (String d : ld.split(":")) if (!d.isBlank()) dirs.add(Path.of(d));
        dirs.add(Path.of("/usr/local/cuda-11.6/lib64"));
        dirs.add(Path.of("/usr/local/cuda/lib64"));
        for (String lib : wanted) {
            boolean present = cache.contains(lib + " ") || dirs.stream().anyMatch(d -> Files.exists(d.resolve(lib)));
            if (present) found.add(lib);
        }
        return new Machine(gpus, found);
    }

    private static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("failed: " + command[0]);
            return new String(out, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
