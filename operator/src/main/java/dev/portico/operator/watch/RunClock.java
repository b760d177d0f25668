package dev.portico.operator.watch;

import java.util.ArrayList;
import java.util.List;

/**
 * Where one translation run spent its time, phase by phase, for the log line of a slow run: the first
 * thing to read when a route change takes long to reach the data planes.
 */
final class RunClock {
    private final long start = System.nanoTime();
    private final List<String> laps = new ArrayList<>();
    private long last = start;

    /** Ends the phase {@code name} now. */
    void lap(String name) {
        long now = System.nanoTime();
        laps.add(name + " " + millis(now - last) + " ms");
        last = now;
    }

    long elapsedMillis() {
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Override
    public String toString() {
        return String.join(", ", laps);
    }

    private static String millis(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6);
    }
}
