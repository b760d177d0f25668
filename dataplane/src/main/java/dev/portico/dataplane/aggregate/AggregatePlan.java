package dev.portico.dataplane.aggregate;

import dev.portico.snapshot.Aggregate;
import dev.portico.snapshot.LoadBalancer;
import dev.portico.snapshot.Route;
import dev.portico.snapshot.Rule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One aggregate rule compiled for serving: each backend's path template and effective timeout,
 * the headers to forward, the body cap and the load balancer.
 *
 * @param timeoutMs the whole fan-out: the aggregate's timeout, never above the rule's
 */
record AggregatePlan(String ruleId, List<Backend> backends, long timeoutMs, long maxBodyBytes, LoadBalancer lb,
        ForwardedHeaders headers, AggregateMetrics metrics) {

    /** The member name that lists optional backends' failures. */
    static final String ERRORS = "_errors";

    /** @param timeoutMs this backend's own timeout, never above the fan-out's */
    record Backend(String name, String cluster, PathTemplate path, boolean required, long timeoutMs) {
    }

    AggregatePlan {
        backends = List.copyOf(backends);
    }

    /** @throws IllegalArgumentException naming the field when the rule's aggregate cannot be served */
    static AggregatePlan compile(Route route, Rule rule, long maxBodyBytes) {
        Aggregate aggregate = rule.aggregate();
        if (aggregate.backends().isEmpty()) {
            throw new IllegalArgumentException("aggregate.backends is empty");
        }
        long overall = Math.min(aggregate.timeoutMs(), rule.timeoutMs());
        Set<String> names = new HashSet<>();
        List<Backend> backends = new ArrayList<>();
        for (int i = 0; i < aggregate.backends().size(); i++) {
            Aggregate.Backend b = aggregate.backends().get(i);
            String field = "aggregate.backends[" + i + "]";
            if (b.name() == null || b.name().isEmpty()) {
                throw new IllegalArgumentException(field + ".name is empty");
            }
            if (b.name().equals(ERRORS)) {
                throw new IllegalArgumentException(field + ".name \"" + ERRORS
                        + "\" is reserved for the failures of optional backends");
            }
            if (!names.add(b.name())) {
                throw new IllegalArgumentException(field + ".name \"" + b.name() + "\" is used twice");
            }
            PathTemplate path = PathTemplate.parse(b.path(), "aggregate backend \"" + b.name() + "\" path");
            long timeout = b.timeoutMs() > 0 ? Math.min(b.timeoutMs(), overall) : overall;
            backends.add(new Backend(b.name(), b.cluster(), path, b.required(), timeout));
        }
        String ruleName = rule.name() == null || rule.name().isEmpty() ? String.valueOf(rule.index()) : rule.name();
        return new AggregatePlan(route.id() + "/" + ruleName, backends, overall, maxBodyBytes, rule.loadBalancer(),
                ForwardedHeaders.of(route, rule),
                new AggregateMetrics(route.id(), ruleName, backends.stream().map(Backend::name).toList()));
    }
}
