package dev.portico.dataplane.aggregate;

import dev.portico.dataplane.filter.RouteFilter;
import dev.portico.dataplane.filter.RouteFilterFactory;
import dev.portico.snapshot.Route;
import dev.portico.snapshot.Rule;

/**
 * The filter that serves {@code aggregate} rules; register it after auth and rate limiting so a
 * fan-out only starts for admitted requests. Rules with {@code backends} get no filter.
 */
public final class AggregateFilterFactory implements RouteFilterFactory {
    /** Each backend's body is read whole; above this the call fails (502 when required). */
    public static final long DEFAULT_MAX_BACKEND_BODY_BYTES = 5L * 1024 * 1024;

    private final long maxBackendBodyBytes;

    public AggregateFilterFactory() {
        this(DEFAULT_MAX_BACKEND_BODY_BYTES);
    }

    public AggregateFilterFactory(long maxBackendBodyBytes) {
        if (maxBackendBodyBytes <= 0) {
            throw new IllegalArgumentException("maxBackendBodyBytes must be positive, got " + maxBackendBodyBytes);
        }
        this.maxBackendBodyBytes = maxBackendBodyBytes;
    }

    @Override
    public RouteFilter create(Route route, Rule rule) {
        return rule.isAggregate() ? new AggregateFilter(AggregatePlan.compile(route, rule, maxBackendBodyBytes)) : null;
    }
}
