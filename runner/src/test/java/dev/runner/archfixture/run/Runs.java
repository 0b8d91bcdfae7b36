package dev.runner.archfixture.run;

/** A class in a later package for the fixtures to import. */
public final class Runs {
    public int count() {
        return 1;
    }
}
