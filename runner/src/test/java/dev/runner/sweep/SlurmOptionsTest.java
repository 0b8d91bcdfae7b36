package dev.runner.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.runner.config.tree.Problem;
import dev.runner.config.tree.YNode;
import dev.runner.config.tree.YamlTreeLoader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlurmOptionsTest {
    private static SlurmOptions fromFile(String yaml, List<Problem> problems) throws Exception {
        YNode.YMap top = (YNode.YMap) new YamlTreeLoader().parse("sweep.yaml", yaml).root();
        return SlurmOptions.fromYaml(top.get("executor"), problems);
    }

    @Test
    void theCommandLineWinsFieldByFieldAndItsExtraOptionsComeLast() throws Exception {
        List<Problem> problems = new ArrayList<>();
        SlurmOptions file = fromFile("""
                executor:
                  slurm: {partition: gpu, time: 02:00:00, cpus_per_task: 4, mem: 8G,
                          options: ["--account=a", "--qos=x"]}
                """, problems);
        assertEquals(List.of(), problems);
        // YAML 1.1 would read 02:00:00 as the number 7200; the limit is kept as written.
        assertEquals(new SlurmOptions("gpu", "02:00:00", 4, "8G", List.of("--account=a", "--qos=x")), file);
        SlurmOptions cli = new SlurmOptions("cpu", null, null, "16G", List.of("--qos=y"));
        SlurmOptions merged = cli.over(file);
        assertEquals(new SlurmOptions("cpu", "02:00:00", 4, "16G", List.of("--account=a", "--qos=x", "--qos=y")),
                merged);
        assertEquals(List.of("--partition=cpu", "--time=02:00:00", "--cpus-per-task=4", "--mem=16G", "--account=a",
                "--qos=x", "--qos=y"), merged.sbatchArguments());
        // Nothing given anywhere: only the CPUs, which are also the thread count.
        assertEquals(List.of("--cpus-per-task=1"), SlurmOptions.NONE.over(SlurmOptions.NONE).sbatchArguments());
        assertEquals(1, SlurmOptions.NONE.cpus());
    }

    @Test
    void badValuesOnTheCommandLineAreNamedWithWhatWouldBeValid() {
        SlurmOptions bad = new SlurmOptions("gpu q", "2h", 0, "8GB", List.of("--array=0-3", "account=x", "-pgpu",
                "--mail-type=END"));
        assertEquals(List.of(
                "--slurm-partition: 'gpu q' is not a partition name (letters, digits, _ . - , ; `sinfo -s` lists "
                        + "them)",
                "--slurm-time: '2h' is not a Slurm time limit; write minutes (90), hours:minutes:seconds (02:00:00) "
                        + "or days-hours (1-12)",
                "--slurm-cpus-per-task: must be at least 1, got 0",
                "--slurm-mem: '8GB' is not a memory size; write a whole number with K, M, G or T, e.g. 8G",
                "--slurm-option=--array=0-3: the runner sets --array itself (one array task per point, its log in "
                        + "the point's folder)",
                "--slurm-option=account=x: an sbatch option starts with '-', e.g. --slurm-option=--account=ml101",
                "--slurm-option=-pgpu: the runner sets -p itself; use --slurm-partition"), bad.problems());
        for (String t : List.of("90", "1:30", "02:00:00", "1-12", "1-12:30", "2-00:00:00", "UNLIMITED")) {
            assertEquals(List.of(), new SlurmOptions(null, t, null, null, null).problems(), t);
        }
    }

    @Test
    void badValuesInTheSweepFileArePointedAt() throws Exception {
        List<Problem> problems = new ArrayList<>();
        SlurmOptions o = fromFile("""
                executor:
                  slurm:
                    partiton: gpu
                    time: 1.5
                    cpus_per_task: two
                    options: [--output=x.log, 3]
                  pbs: {}
                """, problems);
        List<String> messages = problems.stream().map(p -> p.at().line() + ":" + p.at().column() + " " + p.message())
                .toList();
        assertEquals(List.of(
                "7:3 unknown key 'pbs' in executor (valid: slurm)",
                "3:5 unknown key 'partiton' in executor.slurm; did you mean 'partition'? (valid: partition, time, "
                        + "cpus_per_task, mem, options)",
                "4:11 executor.slurm.time must be a word or whole number, got a number",
                "5:20 cpus_per_task must be a whole number of at least 1, got text",
                "6:15 --output=x.log: the runner sets --output itself (one array task per point, its log in the "
                        + "point's folder)",
                "6:31 an sbatch option is text, e.g. \"--account=ml101\", got a number"), messages);
        assertEquals(new SlurmOptions(null, null, null, null, List.of()), o);
    }
}
