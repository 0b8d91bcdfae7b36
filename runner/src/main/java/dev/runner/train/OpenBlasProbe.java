package dev.runner.train;

import dev.runner.util.ThisJvm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks OpenBLAS which kernels ({@code Core: Haswell}) it chooses under this process's environment. JavaCPP's presets
 * for OpenBLAS 0.3.19 do not map {@code openblas_get_corename()}, and OpenBLAS says its choice only while it loads,
 * when {@code OPENBLAS_VERBOSE=2}; so a small JVM with this environment plus that variable loads it and the line is
 * read from its output. The answer is computed once per process (the environment cannot change) and costs about a
 * second.
 */
public final class OpenBlasProbe {
    private static final Pattern CORE = Pattern.compile("Core: (\\S+)");

    private OpenBlasProbe() {
    }

    /** Loads OpenBLAS (with the verbose setting its parent gave) and exits; OpenBLAS prints the core as it loads. */
    public static void main(String[] args) throws ClassNotFoundException {
        Class.forName("org.bytedeco.openblas.global.openblas_nolapack"); // its static initializer loads the library
        System.out.flush();
    }

    /** The core type OpenBLAS chooses here; null when it cannot be told (no OpenBLAS on the class path: CUDA). */
    public static String core() {
        return Holder.CORE;
    }

    private static final class Holder {
        static final String CORE = probe();
    }

    private static String probe() {
        try {
            Class.forName("org.bytedeco.openblas.global.openblas_nolapack", false,
                    OpenBlasProbe.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        String java = ThisJvm.executable();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                OpenBlasProbe.class.getName())).redirectErrorStream(true);
        pb.environment().put("OPENBLAS_VERBOSE", "2");
        pb.environment().remove("RUNNER_PORTABLE_PARENT_PID");
        try {
            Process p = pb.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            // Read beside the wait, so that a probe that hangs with its output open is still ended at the time limit.
            Thread reader = new Thread(() -> {
                try (InputStream in = p.getInputStream()) {
                    in.transferTo(out);
                } catch (IOException ignored) {
                    // the process ended or was ended; what was read is all there is
                }
            }, "openblas-probe-output");
            reader.setDaemon(true);
            reader.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            reader.join(TimeUnit.SECONDS.toMillis(5));
            Matcher m = CORE.matcher(out.toString(StandardCharsets.UTF_8));
            return m.find() ? m.group(1) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
