package dev.runner.sweep;

/** Renders a leaderboard in one format, as JMH's {@code ResultFormat} renders benchmark results in one. */
sealed interface LeaderboardWriter permits LeaderboardCsv, LeaderboardMarkdown, LeaderboardHtml {
    String write(Leaderboard board);
}
