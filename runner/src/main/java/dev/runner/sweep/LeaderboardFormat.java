package dev.runner.sweep;

/** The formats a leaderboard is written in, each with its file in the sweep folder and its writer. */
public enum LeaderboardFormat {
    CSV("leaderboard.csv"),
    MARKDOWN("leaderboard.md"),
    HTML("leaderboard.html");

    private final String fileName;

    LeaderboardFormat(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }

    LeaderboardWriter writer() {
        return switch (this) {
            case CSV -> new LeaderboardCsv();
            case MARKDOWN -> new LeaderboardMarkdown();
            case HTML -> new LeaderboardHtml();
        };
    }
}
