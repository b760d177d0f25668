package dev.portico.dataplane.ratelimit;

import io.micrometer.core.instrument.Counter;

/**
 * One limit's counters, looked up once when a snapshot is compiled; {@code redisFailures} only for a limit
 * counted in Redis (null otherwise).
 */
record LimitMeters(Counter admitted, Counter limited, Counter redisFailures) {
}
