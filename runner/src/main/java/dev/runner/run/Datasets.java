package dev.runner.run;

import dev.runner.config.DatasetName;
import dev.runner.data.DataException;
import dev.runner.data.DatasetFetcher;
import dev.runner.data.DatasetInfo;
import dev.runner.data.DatasetStore;
import dev.runner.data.LoadedDataset;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The datasets of the runs one command makes: fetched into the data folder when absent (with
 * {@code scripts/fetch-datasets} of the runner's checkout, its messages on {@code log}), then loaded once and shared
 * by every run of the command.
 */
public final class Datasets {
    private final DatasetStore store;
    private final DatasetFetcher fetcher;
    private final PrintWriter log;
    private final Map<DatasetInfo, LoadedDataset> loaded = new HashMap<>();

    /** {@code runnerHome} is the checkout holding {@code scripts/}; null when unknown (a missing dataset fails). */
    public Datasets(Path dataDir, Path runnerHome, PrintWriter log) {
        this.store = new DatasetStore(dataDir);
        this.fetcher = new DatasetFetcher(runnerHome);
        this.log = log;
    }

    /** Fetches each of {@code names} that is not in the data folder yet, without loading any. */
    public void fetchIfMissing(Collection<DatasetName> names) throws DataException {
        for (DatasetName name : names) fetcher.fetchIfMissing(store, DatasetInfo.of(name), log);
    }

    /** The dataset, fetched first if absent; loaded once per instance. */
    public LoadedDataset load(DatasetName name) throws DataException {
        DatasetInfo info = DatasetInfo.of(name);
        LoadedDataset d = loaded.get(info);
        if (d != null) return d;
        fetcher.fetchIfMissing(store, info, log);
        d = store.load(info);
        loaded.put(info, d);
        return d;
    }
}
