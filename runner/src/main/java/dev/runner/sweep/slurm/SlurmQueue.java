package dev.runner.sweep.slurm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Slurm's own commands, run as the user would run them: {@code sbatch} to submit, {@code squeue} to ask how each
 * array task is doing, {@code scancel} to stop. Nothing else talks to Slurm; no state of ours lives in it.
 */
public final class SlurmQueue {
    /** How long one Slurm command may take before the controller is taken as unreachable. */
    private static final long COMMAND_SECONDS = 120;

    /** What a command printed and how it exited. */
    record Output(int exitCode, String stdout, String stderr) {
        String message() {
            String text = (stderr.isBlank() ? stdout : stderr).strip();
            return text.isEmpty() ? "exit code " + exitCode : text;
        }
    }

    /** One array task as {@code squeue -r -t all} lists it: its index, state, reason and batch script. */
    public record Task(int index, String state, String reason, String script) {
        /** Still queued or on a node: it may yet write its point folder. */
        public boolean active() {
            return SlurmStates.ACTIVE.contains(state);
        }
    }

    /**
     * Submits {@code script} with {@code arguments} and returns the array's job id. With {@code --parsable} sbatch
     * prints {@code ID} or, on a site with several clusters, {@code ID;CLUSTER}.
     */
    public String submit(List<String> arguments, Path script) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("sbatch", "--parsable"));
        cmd.addAll(arguments);
        cmd.add(script.toString());
        Output o = run(cmd);
        if (o.exitCode() != 0) throw new IOException("sbatch refused the job: " + clean(o.message()));
        return parseJobId(o.stdout()).orElseThrow(() -> new IOException("sbatch printed no job id: " + o.stdout()));
    }

    /**
     * Asks sbatch whether the job could run as asked without submitting it ({@code --test-only}): an unknown
     * partition, a time limit above the partition's or more CPUs or memory than any node has are refused here,
     * where a real submission could wait forever.
     */
    public void test(List<String> arguments) throws IOException, SlurmSetupException {
        List<String> cmd = new ArrayList<>(List.of("sbatch", "--test-only"));
        cmd.addAll(arguments);
        cmd.add("--wrap=true");
        Output o = run(cmd);
        if (o.exitCode() != 0) {
            String message = clean(o.message());
            if (message.contains("Could not establish a configuration source")) {
                message += " (sbatch finds no slurm.conf: is this a cluster's login node? SLURM_CONF names the file; "
                        + "for scripts/slurm-local: . /tmp/runner-slurm-local/env)";
            }
            throw new SlurmSetupException("sbatch would not accept the job: " + message);
        }
    }

    /**
     * Every task of array {@code jobId} that Slurm still knows, by index, or empty once Slurm has forgotten the
     * job (some minutes after it ended: MinJobAge).
     */
    public Optional<Map<Integer, Task>> tasks(String jobId) throws IOException {
        Output o = run(List.of("squeue", "-j", jobId, "-r", "-t", "all", "-h", "-o", "%K|%T|%r|%o"));
        if (o.exitCode() != 0) {
            if (o.stderr().contains("Invalid job id")) return Optional.empty();
            throw new IOException("squeue -j " + jobId + " failed: " + o.message());
        }
        return Optional.of(parseTasks(o.stdout()));
    }

    /** Cancels every task of the array still pending or running; their point folders are rerun next time. */
    public void cancel(String jobId) throws IOException {
        Output o = run(List.of("scancel", jobId));
        if (o.exitCode() != 0) throw new IOException("scancel " + jobId + " failed: " + o.message());
    }

    static Optional<String> parseJobId(String stdout) {
        String line = stdout.strip();
        int semicolon = line.indexOf(';');
        String id = semicolon >= 0 ? line.substring(0, semicolon) : line;
        return id.matches("\\d+") ? Optional.of(id) : Optional.empty();
    }

    /** {@code squeue -h -o '%K|%T|%r|%o'} lines; a line that does not parse (a future format) is skipped. */
    static Map<Integer, Task> parseTasks(String stdout) {
        Map<Integer, Task> tasks = new LinkedHashMap<>();
        for (String line : stdout.split("\n")) {
            String[] f = line.strip().split("\\|", 4);
            if (f.length < 4 || !f[0].matches("\\d+")) continue;
            int index = Integer.parseInt(f[0]);
            tasks.put(index, new Task(index, f[1], f[2], f[3]));
        }
        return tasks;
    }

    /** sbatch's messages without its "sbatch: error:" prefixes and "allocation failure:" repeats. */
    static String clean(String message) {
        List<String> lines = new ArrayList<>();
        for (String line : message.split("\n")) {
            String l = line.strip().replaceFirst("^sbatch: (error|fatal): ", "");
            if (!l.isEmpty() && !lines.contains(l)) lines.add(l);
        }
        return String.join("; ", lines);
    }

    private static Output run(List<String> cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException("cannot run " + cmd.get(0) + ": " + e.getMessage(), e);
        }
        p.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        try {
            if (!p.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not answer within " + COMMAND_SECONDS + " s");
            }
            return new Output(p.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(cmd.get(0) + " interrupted", e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The executable {@code name} on this process's PATH, if there is one. */
    public static Optional<Path> onPath(String name) {
        return onPath(name, System.getenv("PATH"));
    }

    /** The executable {@code name} in the folders of {@code path} (a PATH value), if there is one. */
    static Optional<Path> onPath(String name, String path) {
        if (path == null) return Optional.empty();
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }
}
