package dev.portico.dataplane.aggregate;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code portico_aggregate_backend_latency_seconds{route,rule,backend,outcome}}: one sample per
 * backend call of a fan-out, from its start to its last body byte (or its failure). Meters are
 * looked up once per rule, backend, outcome and registry, so recording is cheap.
 */
final class AggregateMetrics {
    private record Key(MeterRegistry registry, String backend, CallResult.Outcome outcome) {
    }

    private final String route;
    private final String rule;
    private final ConcurrentHashMap<Key, Timer> timers = new ConcurrentHashMap<>();

    AggregateMetrics(String route, String rule) {
        this.route = route;
        this.rule = rule;
    }

    void record(MeterRegistry registry, String backend, CallResult.Outcome outcome, long nanos) {
        timers.computeIfAbsent(new Key(registry, backend, outcome), k -> Timer
                .builder("portico_aggregate_backend_latency")
                .description("Aggregate backend calls, start to last body byte, by outcome")
                .tag("route", route).tag("rule", rule).tag("backend", k.backend()).tag("outcome", k.outcome().code)
                .publishPercentileHistogram().maximumExpectedValue(Duration.ofSeconds(30))
                .register(k.registry()))
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}
