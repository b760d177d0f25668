package dev.portico.operator.resolve;

import dev.portico.api.v1alpha1.RateLimitPolicy;

import java.util.List;

/**
 * A RateLimitPolicy with its targetRefs looked up among the GatewayRoutes of its namespace.
 *
 * @param targets  the targets that exist, in targetRefs order
 * @param problems {@code TargetNotFound} for each target that does not
 */
public record ResolvedPolicy(ObjectRef ref, RateLimitPolicy policy, List<Target> targets, List<RefProblem> problems) {

    /**
     * @param ruleIndex index of the targeted rule in the route's spec, or {@link #WHOLE_ROUTE}
     */
    public record Target(ObjectRef route, int ruleIndex) {
        public static final int WHOLE_ROUTE = -1;

        public boolean wholeRoute() {
            return ruleIndex == WHOLE_ROUTE;
        }
    }

    public ResolvedPolicy {
        targets = List.copyOf(targets);
        problems = List.copyOf(problems);
    }

    public long generation() {
        Long generation = policy.getMetadata().getGeneration();
        return generation == null ? 0 : generation;
    }
}
