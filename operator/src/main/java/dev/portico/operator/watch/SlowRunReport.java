package dev.portico.operator.watch;

import java.lang.System.Logger.Level;

/**
 * The log line of a translation run that took long, with where its time went ({@link RunClock}): the first
 * thing to read when a route change takes long to reach the data planes.
 */
final class SlowRunReport {
    private static final System.Logger LOG = System.getLogger(SlowRunReport.class.getName());
    // -Dportico.slowTranslationMillis=0 logs every run's phases
    private static final long SLOW_RUN_MILLIS = Long.getLong("portico.slowTranslationMillis", 100);

    private SlowRunReport() {
    }

    /** @param run what the run translated: the whole world, or its changes */
    static void log(Object run, RunClock clock) {
        if (clock.elapsedMillis() >= SLOW_RUN_MILLIS) {
            LOG.log(Level.INFO, "slow translation run ({0}, {1} ms): {2}", run, clock.elapsedMillis(), clock);
        }
    }
}
