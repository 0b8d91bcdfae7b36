package dev.runner.config;

import java.util.List;

/** The text of an experiment file, kept so that problems can quote the line they point at. */
public record SourceText(String name, List<String> lines) {

    public static SourceText of(String name, String text) {
        return new SourceText(name, List.of(text.split("\r?\n", -1)));
    }

    public String line(int oneBased) {
        return oneBased >= 1 && oneBased <= lines.size() ? lines.get(oneBased - 1) : null;
    }
}
