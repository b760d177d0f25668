package dev.portico.operator.translate;

import dev.portico.api.v1alpha1.GatewayRouteSpec;
import dev.portico.operator.resolve.ObjectRef;

import java.util.List;

/**
 * Everything translation knows about one GatewayRoute's status. {@code Programmed} is not here: the
 * runtime derives it from the data planes' ACKs of snapshots holding {@code generation}.
 *
 * @param gateway     the data-plane group whose snapshot carries the route
 * @param generation  metadata.generation these facts were computed from
 * @param inSnapshot  false when the snapshot leaves the route out (nothing of it is served)
 * @param servedRules the rules that made it into the snapshot, in the served generation's spec order
 * @param servedGeneration the generation whose rules the snapshot carries: {@code generation} when it is
 *                    accepted, else the last accepted one, or -1 when none is known (nothing is served)
 * @param backends    every Service port the route names, ordered by service then port
 * @param lastAcceptedSpec the spec of {@code servedGeneration} when that is an older generation (the current one
 *                    is refused), for status.lastAccepted; else null
 */
public record RouteFacts(ObjectRef route, String gateway, long generation, ConditionFact accepted,
        ConditionFact resolvedRefs, List<BackendStatus> backends, List<ServedRule> servedRules, boolean inSnapshot,
        long servedGeneration, GatewayRouteSpec lastAcceptedSpec) {

    public RouteFacts {
        backends = List.copyOf(backends);
        servedRules = List.copyOf(servedRules);
    }

    public RouteFacts withBackends(List<BackendStatus> newBackends) {
        return new RouteFacts(route, gateway, generation, accepted, resolvedRefs, newBackends, servedRules,
                inSnapshot, servedGeneration, lastAcceptedSpec);
    }
}
