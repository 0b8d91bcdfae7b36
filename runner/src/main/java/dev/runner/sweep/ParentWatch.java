package dev.runner.sweep;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * Ends a point process when the sweep that started it is gone. The sweep gives each child a pipe as its standard
 * input and never writes to it or closes it; the kernel closes the writing end when the sweep process ends, however
 * it ends (kill -9 included), and the child's read returns end-of-file at once. Without this the child of a killed
 * sweep trained on under init, and a rerun of the sweep started a second one on the same folder.
 *
 * <p>Opt-in ({@code -Drunner.point.exit-with-parent=stdin}): a point started some other way (by hand, or by a
 * scheduler such as Slurm's srun, whose standard input is not a pipe from a parent) must not read its end of input
 * as the death of a parent it never had.
 */
final class ParentWatch {
    static final String PROPERTY = "runner.point.exit-with-parent";
    static final String STDIN = "stdin";
    /** Exit code of a point process stopped because its sweep is gone (sysexits' EX_SOFTWARE is 70; this is 71). */
    static final int EXIT_PARENT_GONE = 71;

    private ParentWatch() {
    }

    /** Starts the watch when this process was asked for it; the sweep's command line asks. */
    static void startIfRequested() {
        if (STDIN.equals(System.getProperty(PROPERTY))) start(System.in, System.out);
    }

    static Thread start(InputStream parentPipe, PrintStream log) {
        Thread t = new Thread(() -> {
            byte[] sink = new byte[256];
            try {
                while (parentPipe.read(sink) >= 0) {
                    // the sweep writes nothing; anything that arrives is ignored
                }
            } catch (IOException closed) {
                // a broken pipe means the same as end of input
            }
            log.println("runner: error: the sweep process that started this point is gone; stopping (the point "
                    + "is rerun when the sweep is run again)");
            log.flush();
            // halt, not exit: shutdown hooks and finalisation could block on the training thread's locks
            Runtime.getRuntime().halt(EXIT_PARENT_GONE);
        }, "parent-watch");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
