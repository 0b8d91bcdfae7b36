package dev.runner.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The optional {@code reference:} block: where an experiment comes from and the figures published for it (and, say,
 * what the tutorial's own PyTorch code gave on this kind of machine), for putting our numbers beside theirs. Metadata
 * only: it changes nothing about the run. Text keys are {@link #TEXT_KEYS}; every other key is a figure, a number.
 *
 * @param source   where the experiment comes from (a tutorial's title or address); required in the block
 * @param tutorial a short id of the tutorial, for grouping rows of a report; may be null
 * @param model    which of the tutorial's models this is; may be null
 * @param note     a remark for reports (where the experiment cannot follow the tutorial exactly); may be null
 * @param figures  the figures, in file order, e.g. {@code test_accuracy: 0.9762}
 */
public record ReferenceSpec(String source, String tutorial, String model, String note, Map<String, Double> figures) {
    /** The keys that hold text; all the others hold numbers. */
    public static final java.util.List<String> TEXT_KEYS = java.util.List.of("source", "tutorial", "model", "note");

    public ReferenceSpec {
        figures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(figures));
    }

    /** A figure by key, or null. */
    public Double figure(String key) {
        return figures.get(key);
    }
}
