package dev.runner;

import dev.runner.data.DataException;
import dev.runner.data.DatasetFetcher;
import dev.runner.data.DatasetInfo;
import dev.runner.data.DatasetStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/**
 * The real datasets for end-to-end tests: $RUNNER_DATA_DIR, else data/ of the checkout, fetched with
 * scripts/fetch-datasets when absent (as the runner itself does), so a fresh clone's test run needs no extra step.
 */
public final class TestData {
    private TestData() {
    }

    public static Path checkout() {
        return Path.of(System.getProperty("runner.home", "..")).toAbsolutePath().normalize();
    }

    public static Path dataDir() {
        String env = System.getenv("RUNNER_DATA_DIR");
        return env != null && !env.isBlank() ? Path.of(env) : checkout().resolve("data");
    }

    /** The data directory with {@code info}'s files present, fetching them if needed. */
    public static synchronized Path ensure(DatasetInfo info) throws DataException {
        Path dir = dataDir();
        if (!new DatasetStore(dir).missing(info).isEmpty()) {
            StringWriter log = new StringWriter();
            try {
                new DatasetFetcher(checkout()).fetch(info, dir, new PrintWriter(log));
            } catch (DataException e) {
                throw new DataException(e.getMessage() + "\n" + log);
            }
        }
        return dir;
    }
}
