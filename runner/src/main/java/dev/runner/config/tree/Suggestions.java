package dev.runner.config.tree;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean ...?" for misspelt keys and names. */
public final class Suggestions {
    private Suggestions() {
    }

    /** The closest candidate within a small edit distance, if any. */
    public static Optional<String> closest(String word, Collection<String> candidates) {
        // A short form that keeps some words of one valid name ("random_flip" for "random_horizontal_flip") is
        // meant as that name, however many letters it leaves out.
        java.util.List<String> containing = candidates.stream().filter(c -> containsWords(c, word)).toList();
        if (word.contains("_") && containing.size() == 1) return Optional.of(containing.get(0));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(word.toLowerCase(java.util.Locale.ROOT), c.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        int allowed = Math.max(2, word.length() / 3);
        if (bestDistance <= allowed) return Optional.ofNullable(best);
        // A longer or shorter form of a valid word ("training" for "train", "validation" for "validation_split")
        // is too far by edits but still plainly meant.
        String w = word.toLowerCase(java.util.Locale.ROOT);
        for (String c : candidates) {
            String lc = c.toLowerCase(java.util.Locale.ROOT);
            if (Math.min(w.length(), lc.length()) >= 4 && (w.startsWith(lc) || lc.startsWith(w))) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** Whether every '_'-separated word of {@code word} is one of {@code candidate}'s, in order. */
    private static boolean containsWords(String candidate, String word) {
        String[] have = candidate.toLowerCase(java.util.Locale.ROOT).split("_");
        int next = 0;
        for (String w : word.toLowerCase(java.util.Locale.ROOT).split("_")) {
            while (next < have.length && !have[next].equals(w)) next++;
            if (next++ >= have.length) return false;
        }
        return !candidate.equalsIgnoreCase(word);
    }

    /** "; did you mean 'x'? (valid: a, b, c)" or " (valid: a, b, c)". */
    public static String hint(String word, Collection<String> candidates) {
        String valid = " (valid: " + String.join(", ", candidates) + ")";
        return closest(word, candidates).map(c -> "; did you mean '" + c + "'?" + valid).orElse(valid);
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
