package dev.runner.run;

import dev.runner.config.ExperimentLoader;
import dev.runner.config.ExperimentSpec;
import dev.runner.config.InvalidExperimentException;
import dev.runner.config.Reproducibility;
import dev.runner.util.CpuInfo;
import dev.runner.util.ThisJvm;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code reproducibility: portable}: the environment that makes a run's numbers the same on every x86-64 CPU with
 * AVX2, and the relaunch that puts a run in it. oneDNN (inside libnd4jcpu) and OpenBLAS choose their kernels from the
 * CPU when they load, and read the limits only from environment variables at that moment; Java cannot set its own
 * environment, so a process without them starts the same command again as a child JVM that has them. Nothing here
 * touches ND4J: the decision is made on the config alone, before any native library loads.
 * <p>
 * The level pinned is AVX2 with FMA (Intel since Haswell, 2013; AMD since Excavator, 2015, and every Zen): oneDNN's
 * {@code AVX2} ISA and OpenBLAS's {@code Haswell} kernels, which OpenBLAS itself uses for Zen. One thread, because
 * a reduction split across threads may add in another order.
 */
public final class PortableMode {
    /**
     * What a portable run's process must have. {@code OPENBLAS_BLOCK_FACTOR} scales OpenBLAS's GEMM blocking; 0 is
     * its default (no scaling), pinned so that an outer setting cannot change it.
     */
    public static final Map<String, String> ENVIRONMENT = environment();

    /** Set in the relaunched child: the parent's pid, which the child watches so that it dies with the parent. */
    public static final String PARENT_PID = "RUNNER_PORTABLE_PARENT_PID";

    private PortableMode() {
    }

    private static Map<String, String> environment() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("DNNL_MAX_CPU_ISA", "AVX2");
        m.put("OPENBLAS_CORETYPE", "Haswell");
        m.put("OMP_NUM_THREADS", "1");
        m.put("OPENBLAS_NUM_THREADS", "1");
        m.put("OPENBLAS_BLOCK_FACTOR", "0");
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The pinned settings as {@code KEY=VALUE ...}, for messages and the README. */
    public static String describe() {
        List<String> kv = new ArrayList<>();
        ENVIRONMENT.forEach((k, v) -> kv.add(k + "=" + v));
        return String.join(" ", kv);
    }

    /** Whether {@code env} (a process's environment) has every pinned setting. */
    public static boolean inForce(Map<String, String> env) {
        return ENVIRONMENT.entrySet().stream().allMatch(e -> e.getValue().equals(env.get(e.getKey())));
    }

    /** Why portable mode cannot keep its promise on {@code cpu}, if it cannot. */
    public static Optional<String> unsupported(CpuInfo cpu) {
        if (!cpu.isX86_64()) {
            return Optional.of("reproducibility: portable needs an x86-64 CPU with AVX2; this is " + cpu.arch()
                    + " (use reproducibility: fast here)");
        }
        if (!cpu.known()) {
            return Optional.of("reproducibility: portable needs an x86-64 CPU with AVX2, and this machine does not "
                    + "say which instruction sets its CPU has (no /proc/cpuinfo); use reproducibility: fast here");
        }
        List<String> missing = new ArrayList<>();
        if (!cpu.has("avx2")) missing.add("avx2");
        if (!cpu.has("fma")) missing.add("fma");
        if (!missing.isEmpty()) {
            return Optional.of("reproducibility: portable needs an x86-64 CPU with AVX2 and FMA (Intel Haswell or "
                    + "AMD Excavator or newer); " + (cpu.model() == null ? "this CPU" : cpu.model()) + " lacks "
                    + String.join(" and ", missing) + " (use reproducibility: fast here)");
        }
        return Optional.empty();
    }

    /**
     * Refuses a portable experiment in a process that lacks the environment: its numbers would be this machine's,
     * not the portable ones. Every path that trains checks this; the commands relaunch before it can happen.
     */
    public static void requireInForce(ExperimentSpec spec) {
        if (spec.reproducibility() == Reproducibility.PORTABLE && !inForce(System.getenv())) {
            throw new IllegalStateException("reproducibility: portable needs the native libraries loaded with "
                    + describe() + ", and this process was started without them");
        }
    }

    /**
     * The reproducibility of the experiment {@code file} with {@code overrides}, read from the config alone; empty
     * when the file does not load (the caller's own loading reports why, positioned).
     */
    public static Optional<Reproducibility> of(Path file, List<String> overrides) {
        try (ExperimentLoader loader = new ExperimentLoader()) {
            return Optional.of(loader.load(file, overrides).spec().reproducibility());
        } catch (InvalidExperimentException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Puts the pinned settings into {@code env}, the environment of a JVM about to train {@code config} (a sweep
     * point's config.yaml), when that experiment is portable.
     *
     * @throws IOException when it is portable and this CPU cannot honour it (the point fails with the reason)
     */
    public static void configure(Map<String, String> env, Path config) throws IOException {
        if (of(config, List.of()).orElse(Reproducibility.FAST) != Reproducibility.PORTABLE) return;
        Optional<String> problem = unsupported(CpuInfo.current());
        if (problem.isPresent()) throw new IOException(problem.get());
        env.putAll(ENVIRONMENT);
    }

    /** Thrown when this machine cannot run in portable mode, or a relaunched process still lacks the settings. */
    public static final class UnavailableException extends Exception {
        UnavailableException(String message) {
            super(message);
        }
    }

    /**
     * Makes sure a portable run trains with the pinned settings: empty when this process already has them (go on
     * here), else the exit code of the same command run again in a child JVM that has them.
     *
     * @param mainClass the entry point to start the child with; {@code args} are its arguments, as given to this one
     */
    public static Optional<Integer> ensure(String mainClass, List<String> args)
            throws UnavailableException, IOException, InterruptedException {
        Optional<String> problem = unsupported(CpuInfo.current());
        if (problem.isPresent()) throw new UnavailableException(problem.get());
        if (inForce(System.getenv())) return Optional.empty();
        if (System.getenv(PARENT_PID) != null) {
            // A relaunched child without the settings: something strips the environment; relaunching again would loop.
            throw new UnavailableException("reproducibility: portable: the relaunched JVM still lacks " + describe()
                    + " in its environment");
        }
        return Optional.of(relaunch(command(mainClass, args)));
    }

    /** This JVM's java, its JVM options (no debugger agent: its port is taken) and class path, then main and args. */
    static List<String> command(String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ThisJvm.executable());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-agentlib:jdwp") || arg.startsWith("-Xrunjdwp")) continue;
            cmd.add(arg);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    private static int relaunch(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        pb.environment().putAll(ENVIRONMENT);
        pb.environment().put(PARENT_PID, Long.toString(ProcessHandle.current().pid()));
        Process child = pb.start();
        // Ended by a signal (Ctrl-C, kill), this JVM takes its child along: a run nobody watches must not go on.
        Thread stopChild = new Thread(() -> stop(child), "runner-portable-child-stop");
        Runtime.getRuntime().addShutdownHook(stopChild);
        try {
            return child.waitFor();
        } finally {
            if (!child.isAlive()) {
                try {
                    Runtime.getRuntime().removeShutdownHook(stopChild);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs anyway and finds the child gone
                }
            } else {
                stop(child);
            }
        }
    }

    private static void stop(Process child) {
        if (!child.isAlive()) return;
        child.destroy(); // SIGTERM: the child's own shutdown hooks run
        try {
            if (!child.waitFor(10, TimeUnit.SECONDS)) child.destroyForcibly();
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * In a relaunched child, ends this JVM when the parent that started it ends, even by {@code kill -9}, which runs
     * no shutdown hook in the parent. Does nothing in any other process.
     */
    public static void watchParent() {
        String pid = System.getenv(PARENT_PID);
        if (pid == null) return;
        long parentPid;
        try {
            parentPid = Long.parseLong(pid.trim());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        if (parent.isEmpty() || parent.get().pid() != parentPid) {
            // Already reparented: the parent died before this JVM got here.
            System.err.println("runner: the process that started this portable run has ended; stopping");
            System.exit(1);
        }
        parent.get().onExit().thenRun(() -> {
            System.err.println("runner: the process that started this portable run has ended; stopping");
            System.exit(1);
        });
    }
}
