package dev.portico.dataplane.ratelimit;

/**
 * The generic cell rate algorithm: a token bucket kept as one number, the theoretical arrival time
 * (TAT). A request at {@code now} is admitted when {@code max(tat, now) + interval - now <= tolerance},
 * where {@code interval = period / requests} and {@code tolerance = capacity × interval}; then the TAT
 * moves to that sum. A TAT at or before {@code now} is a full bucket.
 */
final class Gcra {
    private Gcra() {
    }

    /** @return the next TAT if a request at {@code now} is admitted, or -1 */
    static long admit(long tat, long now, long interval, long tolerance) {
        long next = Math.max(tat, now) + interval;
        return next - now <= tolerance ? next : -1;
    }

    static Verdict admitted(long next, long now, LimitSpec spec) {
        long used = next - now;
        return new Verdict(true, spec.capacity(), (spec.toleranceNanos() - used) / spec.intervalNanos(), used, 0);
    }

    static Verdict rejected(long tat, long now, LimitSpec spec) {
        long retry = Math.max(tat, now) + spec.intervalNanos() - now - spec.toleranceNanos();
        return new Verdict(false, spec.capacity(), 0, Math.max(0, tat - now), Math.max(retry, 1));
    }

    /** What the bucket says when it was not consumed (another limit refused the request). */
    static Verdict untouched(long tat, long now, LimitSpec spec) {
        long used = Math.max(0, tat - now);
        return new Verdict(true, spec.capacity(), (spec.toleranceNanos() - used) / spec.intervalNanos(), used, 0);
    }
}
