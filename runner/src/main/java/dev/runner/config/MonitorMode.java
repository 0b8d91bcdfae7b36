package dev.runner.config;

/** Whether a monitored metric improves by going down (a loss) or up (an accuracy). */
public enum MonitorMode implements Named {
    MIN("min"),
    MAX("max");

    private final String yamlName;

    MonitorMode(String yamlName) {
        this.yamlName = yamlName;
    }

    @Override
    public String yamlName() {
        return yamlName;
    }

    /** What a metric named {@code monitor} calls for: {@code min} for a loss, {@code max} for an accuracy. */
    public static MonitorMode natural(String monitor) {
        return monitor.endsWith("_loss") ? MIN : MAX;
    }
}
