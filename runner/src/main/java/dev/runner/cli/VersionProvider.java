package dev.runner.cli;

import dev.runner.train.BackendInfo;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        Properties p = BackendInfo.buildProperties();
        return new String[] {"runner " + p.getProperty("version", "unknown") + " (DL4J "
                + p.getProperty("dl4j.version", "?") + ", " + p.getProperty("nd4j.backend", "?") + " "
                + p.getProperty("nd4j.classifier", "?") + ")"};
    }
}
