package dev.runner.results;

import java.util.Optional;

/**
 * How a run ended, as run.json's {@code status} says it. A run folder without a readable run.json has no status: the
 * run is still going or was killed.
 */
public enum RunStatus {
    COMPLETED("completed"),
    FAILED("failed"),
    /** Stopped by a sweep's pruning (successive halving) after {@code pruned_after_epoch}; not to be rerun. */
    PRUNED("pruned");

    private final String json;

    RunStatus(String json) {
        this.json = json;
    }

    /** The spelling in run.json. */
    public String json() {
        return json;
    }

    /** The status spelled {@code text}, or empty for anything else (a key missing, a status of a newer runner). */
    public static Optional<RunStatus> fromJson(String text) {
        for (RunStatus s : values()) {
            if (s.json.equals(text)) return Optional.of(s);
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return json;
    }
}
