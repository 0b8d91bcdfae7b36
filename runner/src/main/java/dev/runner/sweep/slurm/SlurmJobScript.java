package dev.runner.sweep.slurm;

import dev.runner.results.Execution;
import dev.runner.run.PortableMode;
import dev.runner.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One submission's files in {@code <sweep>/.slurm/}: {@code job-N.sh}, the batch script; {@code job-N.points}, the
 * point folders, one a line, line K+1 for array task K; {@code job-N/K}, a link to task K's point folder, so that the
 * array's one {@code --output} pattern puts each task's log into its own point folder; {@code job-N.id}, the array's
 * job id once submitted. The script {@code exec}s the point JVM, so Slurm's SIGTERM (scancel, time limit) reaches
 * the JVM itself.
 */
public record SlurmJobScript(Path slurmDir, int number) {
    public static final String LOG_PREFIX = "slurm-";

    /** The next free submission number in {@code slurmDir} (1 for the first). */
    public static SlurmJobScript next(Path slurmDir) throws IOException {
        int n = 1;
        while (Files.exists(slurmDir.resolve("job-" + n + ".sh")) || Files.exists(slurmDir.resolve("job-" + n))) n++;
        return new SlurmJobScript(slurmDir, n);
    }

    public Path script() {
        return slurmDir.resolve("job-" + number + ".sh");
    }

    public Path list() {
        return slurmDir.resolve("job-" + number + ".points");
    }

    public Path links() {
        return slurmDir.resolve("job-" + number);
    }

    public Path idFile() {
        return slurmDir.resolve("job-" + number + ".id");
    }

    /** sbatch's {@code --output}: through the task's link into its point folder, named by array id and index. */
    public String outputPattern() {
        return links().resolve("%a").resolve(LOG_PREFIX + "%A_%a.log").toString();
    }

    /** The log Slurm writes for task {@code index} of array {@code jobId}, in its point folder. */
    public static String logName(String jobId, int index) {
        return LOG_PREFIX + jobId + "_" + index + ".log";
    }

    /**
     * Writes the list, the links and the script. {@code command} is the point JVM's command line, one element of
     * which is {@code folderArgument}: in the script it becomes the task's own folder.
     */
    public void write(List<Path> folders, List<String> command, String folderArgument, int threads,
                      String ompWaitPolicy, List<String> sbatchArguments) throws IOException {
        Files.createDirectories(links());
        StringBuilder list = new StringBuilder();
        for (int k = 0; k < folders.size(); k++) {
            Path folder = folders.get(k).toAbsolutePath().normalize();
            if (folder.toString().contains("\n")) throw new IOException("a folder name with a line break: " + folder);
            list.append(folder).append('\n');
            Path link = links().resolve(Integer.toString(k));
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, links().relativize(folder));
        }
        writeAtomically(list(), list.toString(), false);
        writeAtomically(script(), text(command, folderArgument, threads, ompWaitPolicy, sbatchArguments), true);
    }

    String text(List<String> command, String folderArgument, int threads, String ompWaitPolicy,
                List<String> sbatchArguments) {
        List<String> words = new ArrayList<>();
        boolean replaced = false;
        for (String word : command) {
            if (word.equals(folderArgument)) {
                words.add("\"$folder\"");
                replaced = true;
            } else {
                words.add(quote(word));
            }
        }
        if (!replaced) throw new IllegalArgumentException("the point command has no folder argument: " + command);
        List<String> submitted = new ArrayList<>(List.of("sbatch"));
        sbatchArguments.forEach(a -> submitted.add(quote(a)));
        submitted.add(quote(script().toString()));
        String list = quote(list().toString());
        return String.join("\n",
                "#!/bin/bash",
                "# Written by the runner: array task K trains the point whose folder is line K+1 of",
                "# " + list().getFileName() + ", in the same JVM a local sweep worker starts (java, JVM options,",
                "# class path).",
                "# Submitted as:",
                "#   " + String.join(" ", submitted),
                "set -euo pipefail",
                "mapfile -t folders < " + list,
                "folder=\"${folders[$SLURM_ARRAY_TASK_ID]:-}\"",
                "if [ -z \"$folder\" ]; then",
                "  echo \"runner: error: no point for array task $SLURM_ARRAY_TASK_ID in \"" + list + " >&2",
                "  exit 2",
                "fi",
                "# Set here, not inherited: a site may submit with --export=NONE, and results are bit-identical only",
                "# per thread count, which must not depend on how the node binds CPUs.",
                "export OMP_NUM_THREADS=" + threads,
                "export OMP_WAIT_POLICY=" + quote(ompWaitPolicy),
                "export " + Execution.EXECUTOR_VARIABLE + "=" + Execution.SLURM,
                "# A point of reproducibility: portable trains with the pinned kernels and one thread (PortableMode).",
                "if grep -qsx 'reproducibility: portable' \"$folder/config.yaml\"; then",
                "  export " + portableEnvironment(),
                "fi",
                "echo \"runner: array task ${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID} (job $SLURM_JOB_ID) on "
                        + "${SLURMD_NODENAME:-?}, $OMP_NUM_THREADS thread(s): $folder\"",
                "exec " + String.join(" ", words),
                "");
    }

    private static String portableEnvironment() {
        List<String> pairs = new ArrayList<>();
        PortableMode.ENVIRONMENT.forEach((k, v) -> pairs.add(k + "=" + quote(v)));
        return String.join(" ", pairs);
    }

    /** One shell word, single-quoted unless it is plainly safe. */
    static String quote(String word) {
        if (word.matches("[A-Za-z0-9_./:=,+@%-]+")) return word;
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private static void writeAtomically(Path file, String text, boolean executable) throws IOException {
        AtomicFiles.write(file, partial -> {
            Files.writeString(partial, text);
            if (executable) Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rwxr-xr-x"));
        });
    }

    /** Records the array's job id beside the script, for later invocations to find the job. */
    public void recordJobId(String jobId) throws IOException {
        writeAtomically(idFile(), jobId + "\n", false);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "job-%d", number);
    }
}
