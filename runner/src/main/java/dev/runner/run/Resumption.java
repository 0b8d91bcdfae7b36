package dev.runner.run;

import dev.runner.config.ExperimentWriter;
import dev.runner.config.InvalidExperimentException;
import dev.runner.results.RunDirectory;
import dev.runner.results.RunLayout;
import dev.runner.results.RunRecord;
import dev.runner.results.RunStatus;
import dev.runner.util.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A run folder opened to go on training: its {@code config.yaml} loaded, its {@code resume.zip} read and checked
 * against that config. A folder that cannot be resumed (not a run, completed, no state, a damaged state, a config
 * edited since) is refused with a {@link NotResumableException} saying why; nothing is resumed silently from a
 * state that is not the run's.
 */
public record Resumption(RunDirectory directory, PreparedExperiment experiment, ResumeFile.Saved saved) {

    /** Why a folder cannot be resumed, in one sentence naming it. */
    public static final class NotResumableException extends Exception {
        NotResumableException(String message) {
            super(message);
        }

        NotResumableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Whether {@code folder} holds a saved state (sound or not). */
    public static boolean hasState(Path folder) {
        return Files.isRegularFile(folder.resolve(RunLayout.RESUME));
    }

    /**
     * @throws NotResumableException     the folder is no run that can go on (see the class comment)
     * @throws InvalidExperimentException its config.yaml does not validate
     */
    public static Resumption open(Path folder) throws NotResumableException, InvalidExperimentException {
        Path abs = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) throw new NotResumableException(folder + " is not a folder");
        Path config = abs.resolve(RunLayout.CONFIG);
        if (!Files.isRegularFile(config)) {
            throw new NotResumableException(folder + " is not a run folder (it has no " + RunLayout.CONFIG + ")");
        }
        Path record = abs.resolve(RunLayout.RECORD);
        if (Files.isRegularFile(record)) {
            try {
                if (RunRecord.read(record).is(RunStatus.COMPLETED)) {
                    throw new NotResumableException(folder + " is a completed run (" + RunLayout.RECORD
                            + " says so); there is nothing to resume");
                }
            } catch (IOException e) {
                // an unreadable record is no completed run; the saved state decides
            }
        }
        Path file = abs.resolve(RunLayout.RESUME);
        if (!Files.isRegularFile(file)) {
            throw new NotResumableException(folder + " has no saved state (" + RunLayout.RESUME + "): the run stopped "
                    + "before its first epoch ended, or a runner without resume made it; run its "
                    + RunLayout.CONFIG + " again");
        }
        ResumeFile.Saved saved;
        try {
            saved = ResumeFile.read(file);
        } catch (ResumeFile.DamagedException e) {
            throw damaged(folder, e.getMessage(), e);
        }
        String text;
        try {
            text = Files.readString(config, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new NotResumableException("cannot read " + folder.resolve(RunLayout.CONFIG) + ": " + e.getMessage(), e);
        }
        if (!Sha256.ofText(text).equals(saved.configSha256())) {
            throw new NotResumableException(folder.resolve(RunLayout.CONFIG) + " is not the config the saved state "
                    + "belongs to (its SHA-256 differs from the state's " + saved.configSha256().substring(0, 12)
                    + "...): it was edited after the run started; not resumed");
        }
        PreparedExperiment experiment = PreparedExperiment.load(config, List.of());
        String written = new ExperimentWriter().write(experiment.spec());
        if (!written.equals(text)) {
            throw new NotResumableException(folder.resolve(RunLayout.CONFIG) + " does not read back as the "
                    + "experiment this runner would write (another runner version wrote it?); not resumed");
        }
        int epochs = experiment.spec().training().epochs();
        if (saved.epochs() != epochs || saved.epoch() >= epochs) {
            throw damaged(folder, "its state is of epoch " + saved.epoch() + " of " + saved.epochs()
                    + ", the config trains " + epochs, null);
        }
        return new Resumption(new RunDirectory(abs, abs.getFileName().toString()), experiment, saved);
    }

    /**
     * For a sweep's rerun of a point, without loading the network: empty when {@code folder} holds a sound state of
     * the config {@code configText}, else why not (no state, another config, damaged).
     */
    public static Optional<String> problem(Path folder, String configText) {
        Path file = folder.resolve(RunLayout.RESUME);
        if (!Files.isRegularFile(file)) return Optional.of("no saved state");
        try {
            ResumeFile.Saved saved = ResumeFile.read(file);
            if (!saved.configSha256().equals(Sha256.ofText(configText))) {
                return Optional.of("the saved state is of another config");
            }
            return Optional.empty();
        } catch (ResumeFile.DamagedException e) {
            return Optional.of(RunLayout.RESUME + " is damaged: " + e.getMessage());
        }
    }

    static NotResumableException damaged(Path folder, String what, Throwable cause) {
        return new NotResumableException(folder.resolve(RunLayout.RESUME) + " is damaged: " + what
                + "; not resumed (delete the folder and run its " + RunLayout.CONFIG + " again)", cause);
    }
}
