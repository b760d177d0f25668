package dev.portico.dataplane.ratelimit;

import dev.portico.snapshot.RateLimit;

/**
 * One RateLimitPolicy limit ready for the request path: its bucket identity, GCRA parameters, the key
 * it counts by, the requests it applies to, and its counters.
 *
 * @param id             policy and name joined by a NUL: the bucket identity, shared by every rule it targets
 * @param global         counted in Redis (Global scope with a Redis configured)
 * @param intervalNanos  time one request uses: {@code period / requests}
 * @param toleranceNanos {@code capacity × interval}: how far ahead the TAT may run
 */
record LimitSpec(String id, RateLimit source, boolean global, long capacity, long intervalNanos,
        long toleranceNanos, KeySource key, RequestCondition when, LimitMeters meters) {

    static LimitSpec compile(RateLimit limit, boolean global, LimitMeters meters) {
        long interval = Math.max(1, limit.periodMs() * 1_000_000L / limit.requests()); // periodMs is validated
        long capacity = limit.capacity();
        long tolerance = Math.multiplyHigh(capacity, interval) == 0 && capacity * interval >= 0
                ? capacity * interval : Long.MAX_VALUE / 4; // absurd bursts saturate instead of overflowing
        return new LimitSpec(limit.policy() + '\0' + limit.name(), limit, global, capacity, interval, tolerance,
                KeySource.of(limit.key()), RequestCondition.of(limit.when()), meters);
    }

    String policy() {
        return source.policy();
    }

    String name() {
        return source.name();
    }

    boolean failClosed() {
        return source.failureMode() == RateLimit.FailureMode.Closed;
    }

    /** For Redis, which counts in microseconds of its own clock. */
    long intervalMicros() {
        return Math.max(1, intervalNanos / 1_000);
    }

    long toleranceMicros() {
        return Math.max(1, toleranceNanos / 1_000);
    }

    /** {@code policy limit name}, as messages and metrics name it. */
    String label() {
        return "RateLimitPolicy " + source.policy() + " limit " + source.name();
    }
}
