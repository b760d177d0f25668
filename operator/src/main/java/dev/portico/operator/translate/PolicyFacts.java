package dev.portico.operator.translate;

import dev.portico.api.v1alpha1.RateLimitPolicySpec;
import dev.portico.operator.resolve.ObjectRef;

import java.util.List;

/**
 * Everything translation knows about one RateLimitPolicy's status.
 *
 * @param targetRoutes the existing routes the policy's limits were attached to (to judge Programmed by)
 * @param gateways     the data-plane groups of those routes, sorted
 * @param servedGeneration the generation whose limits are attached: {@code generation} when it is accepted,
 *                     else the last accepted one, or -1 when none is known (no limit of the policy is served)
 * @param lastAcceptedSpec the spec of {@code servedGeneration} when that is an older generation (the current one
 *                     is refused), for status.lastAccepted; else null
 */
public record PolicyFacts(ObjectRef policy, long generation, ConditionFact accepted, ConditionFact resolvedRefs,
        List<ObjectRef> targetRoutes, List<String> gateways, long servedGeneration,
        RateLimitPolicySpec lastAcceptedSpec) {

    public PolicyFacts {
        targetRoutes = List.copyOf(targetRoutes);
        gateways = List.copyOf(gateways);
    }
}
