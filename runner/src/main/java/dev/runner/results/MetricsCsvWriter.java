package dev.runner.results;

import dev.runner.train.EpochMetrics;
import dev.runner.train.TrainingObserver;
import dev.runner.util.AtomicFiles;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes {@code metrics.csv} as the epochs end, so an interrupted run keeps what it measured. Each epoch rewrites the
 * whole file under a temporary name and moves it into place: a run killed mid-write leaves the previous epochs'
 * complete file, never a half row.
 */
public final class MetricsCsvWriter implements TrainingObserver, AutoCloseable {
    private final Path file;
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public MetricsCsvWriter(Path file) throws IOException {
        this(file, List.of());
    }

    /** For a run with extra evaluation sets, named in the file's order. */
    public MetricsCsvWriter(Path file, List<String> extraSets) throws IOException {
        this(file, extraSets, List.of());
    }

    /**
     * For a resumed run: the file starts again from the epochs it completed before it stopped (dropping any row of an
     * epoch it measured but did not keep a state after; that epoch is trained again).
     */
    public MetricsCsvWriter(Path file, List<String> extraSets, List<EpochMetrics> earlier) throws IOException {
        this.file = file;
        this.header = MetricsCsv.header(extraSets);
        for (EpochMetrics m : earlier) rows.add(MetricsCsv.row(m));
        rewrite();
    }

    @Override
    public void onEpochEnd(EpochMetrics metrics) {
        rows.add(MetricsCsv.row(metrics));
        try {
            rewrite();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void rewrite() throws IOException {
        StringWriter text = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(text, CSVFormat.DEFAULT.builder().setRecordSeparator('\n')
                .setHeader(header.toArray(String[]::new)).build())) {
            for (List<String> row : rows) printer.printRecord(row);
        }
        AtomicFiles.writeString(file, text.toString());
    }

    /** Every epoch is on disk when it ends; nothing is left to flush. */
    @Override
    public void close() {
    }
}
