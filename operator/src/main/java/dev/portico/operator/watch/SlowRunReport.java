package dev.portico.operator.watch;

import java.lang.System.Logger.Level;
import java.util.List;

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
        if (slow(clock.phases(), SLOW_RUN_MILLIS)) {
            LOG.log(Level.INFO, "slow translation run ({0}, {1} ms): {2}", run, ownMillis(clock.phases()), clock);
        }
    }

    /**
     * Judged on the run's own phases: the start-up work after the first world is out is deliberate (the change
     * rehearsal, which logs its own line, took over 400 ms in the sandbox), and counting it made every start-up
     * read as a slow run.
     */
    static boolean slow(List<RunClock.Phase> phases, long thresholdMillis) {
        return ownMillis(phases) >= thresholdMillis;
    }

    private static long ownMillis(List<RunClock.Phase> phases) {
        return phases.stream().filter(p -> !p.startup()).mapToLong(RunClock.Phase::wallNanos).sum() / 1_000_000;
    }
}
