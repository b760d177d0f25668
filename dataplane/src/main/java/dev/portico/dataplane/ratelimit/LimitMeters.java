package dev.portico.dataplane.ratelimit;

import io.micrometer.core.instrument.Counter;

/** One limit's counters, looked up once when a snapshot is compiled. */
record LimitMeters(Counter admitted, Counter limited, Counter redisFailures) {
}
