package dev.runner.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.runner.cli.CliRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files: each {@code config/invalid/NAME.yaml} holds one or more mistakes, and {@code NAME.expected} the exact
 * text {@code runner validate} prints for it. The file is named by its path relative to the module (surefire's
 * working directory), so positions in the messages read as a user would see them.
 */
class ValidateGoldenTest {
    static final Path INVALID = Path.of("src/test/resources/config/invalid");
    static final Path VALID = Path.of("src/test/resources/config/valid");

    static List<String> invalidNames() throws IOException {
        try (Stream<Path> files = Files.list(INVALID)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length())).sorted().toList();
        }
    }

    static List<Path> validFiles() throws IOException {
        try (Stream<Path> files = Files.list(VALID)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidNames")
    void invalidFilePrintsExactlyTheExpectedProblems(String name) throws IOException {
        Path yaml = INVALID.resolve(name + ".yaml");
        Path expected = INVALID.resolve(name + ".expected");
        assertTrue(Files.exists(expected), "no " + expected + " for " + yaml);

        CliRun result = CliRun.of("validate", yaml.toString());

        assertEquals(2, result.exitCode(), "exit code; stderr was:\n" + result.err());
        assertEquals(Files.readString(expected, StandardCharsets.UTF_8), result.err());
        assertEquals("", result.out(), "an invalid file prints nothing on stdout");
    }

    @Test
    void everyExpectedFileHasItsExperimentAndThereAreEnoughMistakes() throws IOException {
        List<String> names = invalidNames();
        try (Stream<Path> files = Files.list(INVALID)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".expected")).toList()) {
                String n = p.getFileName().toString().replace(".expected", "");
                assertTrue(names.contains(n), p + " has no " + n + ".yaml");
            }
        }
        assertTrue(names.size() >= 30, "only " + names.size() + " invalid fixtures");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validFiles")
    void validFileValidatesWithItsSummary(Path file) {
        CliRun result = CliRun.of("validate", file.toString());

        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().startsWith(file + ": valid\n"), result.out());
        assertTrue(result.out().contains("total trainable parameters: "), result.out());
    }

    @Test
    void theSummarySaysWhatIsEvaluatedKeptAndWhenTrainingStops() {
        CliRun result = CliRun.of("validate", VALID.resolve("evaluation_checkpoint.yaml").toString());

        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().endsWith("""
                total trainable parameters: 25,450
                evaluation set rotated_test: test split, 2 transforms; columns rotated_test_loss, rotated_test_accuracy
                evaluation set val_rotated: validation split, 1 transform; columns val_rotated_loss, val_rotated_accuracy
                evaluation set clean_train: train split, 1 transform; columns clean_train_loss, clean_train_accuracy
                checkpoint: the epoch with the highest val_rotated_accuracy is kept as best_model.zip
                early stopping: after 2 epochs without a decrease of val_loss by more than 0.001
                """), result.out());
    }

    @Test
    void severalFilesAreAllReportedAndAnyInvalidOneMakesTheExitTwo() {
        Path valid = VALID.resolve("minimal.yaml");
        Path typo = INVALID.resolve("unknown_top_key.yaml");
        Path range = INVALID.resolve("epochs_zero.yaml");

        CliRun result = CliRun.of("validate", valid.toString(), typo.toString(), range.toString());

        assertEquals(2, result.exitCode());
        assertTrue(result.out().startsWith(valid + ": valid\n"), result.out());
        assertTrue(result.err().startsWith(typo + ":2:1: unknown key 'descripton'"), result.err());
        assertTrue(result.err().contains(range + ":12:11: epochs must be a positive integer, got 0"), result.err());
    }

    @Test
    void theLectureNotebookCnnHasItsPublishedParameterCount() {
        CliRun result = CliRun.of("validate", VALID.resolve("lecture6_cnn.yaml").toString());

        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().endsWith("total trainable parameters: 421,642\n"), result.out());
    }
}
