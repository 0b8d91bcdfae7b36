package dev.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.config.ExperimentWriter;
import dev.runner.model.ModelFixtures;
import dev.runner.results.RunLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code runner resume} on folders that cannot be resumed: one line saying why, exit 2 (the input the command was
 * given cannot be used; nothing ran), no stack trace, the folder untouched. The kill-and-resume runs are in
 * {@link ResumeKillTest}.
 */
class ResumeCommandTest {
    private static final String EXPERIMENT = """
            name: tiny
            seed: 3
            dataset: {name: mnist}
            model:
              layers:
                - flatten
                - dense: {units: 10}
            optimizer: {sgd: {lr: 0.1}}
            training: {epochs: 3, batch_size: 20}
            """;

    @TempDir
    Path dir;

    private Path runFolder(String name) throws Exception {
        Path run = Files.createDirectories(dir.resolve(name));
        Files.writeString(run.resolve(RunLayout.CONFIG),
                new ExperimentWriter().write(ModelFixtures.parse("tiny.yaml", EXPERIMENT).spec()));
        return run;
    }

    private static void assertRefused(CliRun r, String expected) {
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().startsWith("runner: cannot resume: "), r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
        assertEquals("", r.out());
    }

    @Test
    void aDamagedStateIsRefusedWithExitTwo() throws Exception {
        Path run = runFolder("damaged");
        Files.writeString(run.resolve(RunLayout.RESUME), "PK\u0003\u0004 cut short");
        assertRefused(CliRun.of("resume", run.toString()), "resume.zip is damaged: not a readable zip file");
        assertEquals("PK\u0003\u0004 cut short", Files.readString(run.resolve(RunLayout.RESUME)));
        assertFalse(Files.exists(run.resolve(RunLayout.METRICS)));
        assertFalse(Files.exists(run.resolve(RunLayout.RECORD)));
    }

    @Test
    void aCompletedRunARunWithoutStateAndAFolderThatIsNoRunAreRefused() throws Exception {
        Path completed = runFolder("completed");
        Files.writeString(completed.resolve(RunLayout.RECORD), "{\"format_version\": 2, \"status\": \"completed\", "
                + "\"final_metrics\": {\"test_loss\": 0.3, \"test_accuracy\": 0.9}}");
        assertRefused(CliRun.of("resume", completed.toString()), "is a completed run");
        assertRefused(CliRun.of("resume", runFolder("no-state").toString()), "has no saved state (resume.zip)");
        assertRefused(CliRun.of("resume", dir.toString()), "is not a run folder");
        assertRefused(CliRun.of("resume", dir.resolve("missing").toString()), "is not a folder");
    }

    @Test
    void helpListsResume() {
        CliRun help = CliRun.of("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("resume"), help.out());
        CliRun usage = CliRun.of("resume", "--help");
        assertEquals(0, usage.exitCode());
        assertTrue(usage.out().contains("Continue an interrupted run"), usage.out());
    }
}
