package dev.portico.dataplane.aggregate;

import dev.portico.dataplane.admin.GatewayMetrics;
import dev.portico.dataplane.admin.GatewayMetrics.AggregateSeries;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code portico_aggregate_backend_latency_seconds{route,rule,backend,outcome}}: one sample per backend call of a
 * fan-out, from its start to its last body byte (or its failure). The series' labels are made once per rule here;
 * the data plane's {@link GatewayMetrics} holds the timers, so its applied snapshot decides which series exist.
 */
final class AggregateMetrics {
    private static final CallResult.Outcome[] OUTCOMES = CallResult.Outcome.values();

    /** Backend name to its series, indexed by outcome ordinal. */
    private final Map<String, AggregateSeries[]> series;

    AggregateMetrics(String route, String rule, List<String> backends) {
        Map<String, AggregateSeries[]> byBackend = new HashMap<>();
        for (String backend : backends) {
            AggregateSeries[] byOutcome = new AggregateSeries[OUTCOMES.length];
            for (CallResult.Outcome o : OUTCOMES) {
                byOutcome[o.ordinal()] = new AggregateSeries(route, rule, backend, o.code);
            }
            byBackend.put(backend, byOutcome);
        }
        this.series = Map.copyOf(byBackend);
    }

    void record(GatewayMetrics metrics, String backend, CallResult.Outcome outcome, long nanos) {
        metrics.aggregateBackendLatency(series.get(backend)[outcome.ordinal()], nanos);
    }
}
