package dev.runner.reproduce;

import dev.runner.util.Durations;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The reproduction table as Markdown (printed and written to {@code reproduction.md}) and CSV
 * ({@code reproduction.csv}, full precision, one row per experiment). Accuracies are shown in percent.
 */
public final class ReproductionTable {
    public static final List<String> CSV_HEADER = List.of("tutorial", "model", "file", "published_test_accuracy",
            "pytorch_cpu_test_accuracy", "seeds", "mean_test_accuracy", "std_test_accuracy", "difference",
            "verdict", "epochs", "train_images", "seconds", "accuracies", "note");

    /** How the table was made, for its heading. */
    public record Context(int seeds, boolean quick, List<String> overrides, double totalSeconds) {
    }

    private final List<ReproductionRow> rows;
    private final Context context;

    public ReproductionTable(List<ReproductionRow> rows, Context context) {
        this.rows = List.copyOf(rows);
        this.context = context;
    }

    public String markdown() {
        StringBuilder s = new StringBuilder();
        s.append("# Reproduction of the tutorials\n\n");
        // An experiment with extra evaluation sets has a row for each; count experiments, not rows.
        long experiments = rows.stream().map(ReproductionRow::file).distinct().count();
        s.append(String.format(Locale.ROOT, "%d experiment%s, %d seed%s each (seed, seed+1, ...)%s; %s in all.%n",
                experiments, experiments == 1 ? "" : "s", context.seeds(), context.seeds() == 1 ? "" : "s",
                context.quick() ? "; --quick: a subset, figures not comparable, nothing judged" : "",
                Durations.spelled(context.totalSeconds())));
        if (!context.overrides().isEmpty()) {
            s.append("Overrides: `").append(String.join("` `", context.overrides())).append("`.\n");
        }
        s.append("\nAccuracies in percent on the test set (or the extra evaluation set named in the model column), "
                + "after the last epoch. Published: what the tutorial "
                + "reports. PyTorch: the tutorial's own code on a 2-core CPU (../shared/reference). Diff: ours minus "
                + "the published figure (else minus PyTorch's).\n");
        s.append("Verdict: ").append(Verdict.RULE).append(".\n\n");
        s.append("| Tutorial | Model | Published | PyTorch (2 cores) | Ours (mean ± std) | Diff | Verdict | Run |\n");
        s.append("|---|---|---:|---:|---:|---:|---|---|\n");
        for (ReproductionRow r : rows) {
            s.append("| ").append(r.tutorial())
                    .append(" | ").append(r.model())
                    .append(" | ").append(percent(r.published()))
                    .append(" | ").append(percent(r.pytorch()))
                    .append(" | ").append(ours(r))
                    .append(" | ").append(Double.isNaN(r.difference()) ? "–"
                            : String.format(Locale.ROOT, "%+.2f", 100 * r.difference()))
                    .append(" | ").append(r.verdict(context.quick()).label())
                    .append(" | ").append(String.format(Locale.ROOT, "%d ep × %,d img, %s", r.epochs(),
                            r.trainImages(), Durations.spelled(r.seconds())))
                    .append(" |\n");
        }
        boolean anyNote = rows.stream().anyMatch(r -> r.note() != null);
        if (anyNote) {
            s.append("\nNotes:\n");
            for (ReproductionRow r : rows) {
                if (r.note() != null) s.append("- ").append(r.tutorial()).append(", ").append(r.model()).append(": ")
                        .append(r.note()).append('\n');
            }
        }
        return s.toString();
    }

    public String csv() {
        StringWriter w = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n')
                .setHeader(CSV_HEADER.toArray(String[]::new)).build())) {
            for (ReproductionRow r : rows) {
                p.printRecord(r.tutorial(), r.model(), r.file(), blank(r.published()), blank(r.pytorch()),
                        r.accuracies().size(), r.mean(), r.std(), Double.isNaN(r.difference()) ? "" : r.difference(),
                        r.verdict(context.quick()).label(), r.epochs(), r.trainImages(),
                        String.format(Locale.ROOT, "%.1f", r.seconds()),
                        String.join(" ", r.accuracies().stream().map(String::valueOf).toList()),
                        r.note() == null ? "" : r.note());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static String ours(ReproductionRow r) {
        if (r.accuracies().isEmpty()) return "–";
        if (r.accuracies().size() == 1) return String.format(Locale.ROOT, "%.2f", 100 * r.mean());
        return String.format(Locale.ROOT, "%.2f ± %.2f", 100 * r.mean(), 100 * r.std());
    }

    private static String percent(Double v) {
        return v == null ? "–" : String.format(Locale.ROOT, "%.2f", 100 * v);
    }

    private static Object blank(Double v) {
        return v == null ? "" : v;
    }
}
