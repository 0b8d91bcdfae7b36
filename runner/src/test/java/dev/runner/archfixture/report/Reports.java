package dev.runner.archfixture.report;

/** A class in report for the compare fixture to import. */
public final class Reports {
    public String title() {
        return "report";
    }
}
