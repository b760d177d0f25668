package dev.portico.operator.translate;

import dev.portico.operator.resolve.ObjectRef;

import java.util.List;

/**
 * Everything translation knows about one GatewayRoute's status. {@code Programmed} is not here: the
 * runtime derives it from the data planes' ACKs of snapshots holding {@code generation}.
 *
 * @param gateway     the data-plane group whose snapshot carries the route
 * @param generation  metadata.generation these facts were computed from
 * @param inSnapshot  false when no rule of the route is valid, so the snapshot leaves the route out
 * @param servedRules the rules that made it into the snapshot, in spec order
 * @param backends    every Service port the route names, ordered by service then port
 */
public record RouteFacts(ObjectRef route, String gateway, long generation, ConditionFact accepted,
        ConditionFact resolvedRefs, List<BackendStatus> backends, List<ServedRule> servedRules, boolean inSnapshot) {

    public RouteFacts {
        backends = List.copyOf(backends);
        servedRules = List.copyOf(servedRules);
    }

    public RouteFacts withBackends(List<BackendStatus> newBackends) {
        return new RouteFacts(route, gateway, generation, accepted, resolvedRefs, newBackends, servedRules,
                inSnapshot);
    }
}
