package dev.portico.operator.resolve;

import java.util.Comparator;
import java.util.List;

/** Every GatewayRoute and RateLimitPolicy with their references looked up; each list ordered by object ref. */
public record ResolvedModel(List<ResolvedRoute> routes, List<ResolvedPolicy> policies) {

    public ResolvedModel {
        routes = routes.stream().sorted(Comparator.comparing(ResolvedRoute::ref)).toList();
        policies = policies.stream().sorted(Comparator.comparing(ResolvedPolicy::ref)).toList();
    }
}
