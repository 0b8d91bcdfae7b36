package dev.runner.report;

import dev.runner.train.EpochMetrics;
import dev.runner.train.TrainingObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** Writes {@code metrics.csv} one row per epoch as the epochs end, so an interrupted run keeps what it measured. */
public final class MetricsCsvWriter implements TrainingObserver, AutoCloseable {
    private final CSVPrinter printer;

    public MetricsCsvWriter(Path file) throws IOException {
        this(file, List.of());
    }

    /** For a run with extra evaluation sets, named in the file's order. */
    public MetricsCsvWriter(Path file, List<String> extraSets) throws IOException {
        Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        this.printer = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setRecordSeparator('\n')
                .setHeader(MetricsCsv.header(extraSets).toArray(String[]::new)).build());
        printer.flush();
    }

    @Override
    public void onEpochEnd(EpochMetrics metrics) {
        try {
            printer.printRecord(MetricsCsv.row(metrics));
            printer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        printer.close();
    }
}
