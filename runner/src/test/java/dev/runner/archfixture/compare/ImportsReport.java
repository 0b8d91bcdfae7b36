package dev.runner.archfixture.compare;

import dev.runner.archfixture.report.Reports;

/** Breaks compare's limit on purpose (compare reads run folders only through results). */
public final class ImportsReport {
    public String title() {
        return new Reports().title();
    }
}
