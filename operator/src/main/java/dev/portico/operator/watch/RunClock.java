package dev.portico.operator.watch;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Where one translation run spent its time, phase by phase, for the log line of a slow run: the first
 * thing to read when a route change takes long to reach the data planes. Each phase shows its wall time and
 * the thread's CPU time in it: far apart, the thread waited (other work on the cores, a lock); close, the
 * phase's own code was slow (not compiled yet, or too much work).
 */
final class RunClock {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean CPU = THREADS.isCurrentThreadCpuTimeSupported();

    private final long start = System.nanoTime();
    private final List<String> laps = new ArrayList<>();
    private long last = start;
    private long lastCpu = cpuNanos();

    /** Ends the phase {@code name} now. */
    void lap(String name) {
        long now = System.nanoTime();
        long cpu = cpuNanos();
        laps.add(name + " " + millis(now - last) + (CPU ? " ms (cpu " + millis(cpu - lastCpu) + ")" : " ms"));
        last = now;
        lastCpu = cpu;
    }

    long elapsedMillis() {
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Override
    public String toString() {
        return String.join(", ", laps);
    }

    private static long cpuNanos() {
        return CPU ? THREADS.getCurrentThreadCpuTime() : 0;
    }

    private static String millis(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6);
    }
}
