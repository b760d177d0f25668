package dev.portico.operator.watch;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Where one translation run spent its time, phase by phase, for the log line of a slow run: the first
 * thing to read when a route change takes long to reach the data planes. Each phase shows its wall time and
 * the thread's CPU time in it: far apart, the thread waited (other work on the cores, a lock); close, the
 * phase's own code was slow (not compiled yet, or too much work).
 */
final class RunClock {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean CPU = THREADS.isCurrentThreadCpuTimeSupported();

    /** @param startup start-up work after the run's world is out (see {@link #startupLap}), not the run's own */
    record Phase(String name, long wallNanos, long cpuNanos, boolean startup) {
    }

    private final List<Phase> phases = new ArrayList<>();
    private long last = System.nanoTime();
    private long lastCpu = cpuNanos();

    /** Ends the phase {@code name} now. */
    void lap(String name) {
        end(name, false);
    }

    /**
     * Ends the phase {@code name} now: start-up work done on purpose once the first world is out (the
     * self-check, the change rehearsal), which holds no snapshot back.
     */
    void startupLap(String name) {
        end(name, true);
    }

    private void end(String name, boolean startup) {
        long now = System.nanoTime();
        long cpu = cpuNanos();
        phases.add(new Phase(name, now - last, cpu - lastCpu, startup));
        last = now;
        lastCpu = cpu;
    }

    List<Phase> phases() {
        return phases;
    }

    @Override
    public String toString() {
        return describe(phases);
    }

    /** The run's own phases in order, then any start-up work apart. */
    static String describe(List<Phase> phases) {
        String own = phases.stream().filter(p -> !p.startup()).map(RunClock::describe)
                .collect(Collectors.joining(", "));
        String startup = phases.stream().filter(Phase::startup).map(RunClock::describe)
                .collect(Collectors.joining(", "));
        return startup.isEmpty() ? own : own + "; then start-up work, not counted: " + startup;
    }

    private static String describe(Phase phase) {
        return phase.name() + " " + millis(phase.wallNanos())
                + (CPU ? " ms (cpu " + millis(phase.cpuNanos()) + ")" : " ms");
    }

    private static long cpuNanos() {
        return CPU ? THREADS.getCurrentThreadCpuTime() : 0;
    }

    private static String millis(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e6);
    }
}
