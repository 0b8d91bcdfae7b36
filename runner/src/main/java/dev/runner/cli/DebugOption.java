package dev.runner.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --debug}, mixed into every command that runs something; {@link ErrorReporting} reads it. */
final class DebugOption {
    @Option(names = "--debug", description = "Show stack traces of failures.")
    boolean enabled;

    /** Whether {@code command}, or a command it is a subcommand of, was given {@code --debug}. */
    static boolean given(CommandSpec command) {
        for (CommandSpec c = command; c != null; c = c.parent()) {
            if (givenIn(c)) return true;
        }
        return false;
    }

    private static boolean givenIn(CommandSpec spec) {
        for (CommandSpec mixin : spec.mixins().values()) {
            if (mixin.userObject() instanceof DebugOption d && d.enabled) return true;
            if (givenIn(mixin)) return true;
        }
        return false;
    }
}
