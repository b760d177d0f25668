package dev.portico.operator.resolve;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Every GatewayRoute and RateLimitPolicy with their references looked up; each list ordered by object ref.
 *
 * @param lastAcceptedRoutes   by ref, an older generation of a route in {@code routes} (its last accepted one),
 *                             resolved against today's world: what is served should the current one be refused
 * @param lastAcceptedPolicies the same for policies
 */
public record ResolvedModel(List<ResolvedRoute> routes, List<ResolvedPolicy> policies,
        Map<ObjectRef, ResolvedRoute> lastAcceptedRoutes, Map<ObjectRef, ResolvedPolicy> lastAcceptedPolicies) {

    public ResolvedModel {
        routes = routes.stream().sorted(Comparator.comparing(ResolvedRoute::ref)).toList();
        policies = policies.stream().sorted(Comparator.comparing(ResolvedPolicy::ref)).toList();
        lastAcceptedRoutes = Map.copyOf(lastAcceptedRoutes);
        lastAcceptedPolicies = Map.copyOf(lastAcceptedPolicies);
    }

    public ResolvedModel(List<ResolvedRoute> routes, List<ResolvedPolicy> policies) {
        this(routes, policies, Map.of(), Map.of());
    }
}
