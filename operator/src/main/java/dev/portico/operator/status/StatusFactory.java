package dev.portico.operator.status;

import dev.portico.api.v1alpha1.BackendStatus;
import dev.portico.api.v1alpha1.DataPlaneStatus;
import dev.portico.api.v1alpha1.GatewayRouteStatus;
import dev.portico.api.v1alpha1.LastAcceptedPolicy;
import dev.portico.api.v1alpha1.LastAcceptedRoute;
import dev.portico.api.v1alpha1.RateLimitPolicyStatus;
import dev.portico.operator.translate.PolicyFacts;
import dev.portico.operator.translate.RouteFacts;

import java.time.Clock;
import java.util.List;

/**
 * Builds the status the operator wants an object to have; the clock is injected so tests pin transition times.
 * {@code lastAccepted} is there only while an older generation is served in place of a refused current one: it
 * is what a restarted operator serves again (see {@link dev.portico.operator.translate.LastAccepted#seed}).
 */
public final class StatusFactory {
    private final Clock clock;

    public StatusFactory(Clock clock) {
        this.clock = clock;
    }

    public Clock clock() {
        return clock;
    }

    public GatewayRouteStatus route(GatewayRouteStatus previous, RouteFacts facts, Programmed programmed) {
        GatewayRouteStatus status = new GatewayRouteStatus();
        status.setObservedGeneration(facts.generation());
        status.setConditions(Conditions.of(previous == null ? null : previous.getConditions(), facts.generation(),
                clock, facts.accepted(), facts.resolvedRefs(), programmed.condition()));
        DataPlaneStatus dataPlanes = new DataPlaneStatus();
        dataPlanes.setReady(programmed.ready());
        dataPlanes.setTotal(programmed.total());
        dataPlanes.setSnapshotVersion(programmed.snapshotVersion());
        dataPlanes.setSummary(programmed.summary());
        status.setDataPlanes(dataPlanes);
        List<BackendStatus> backends = facts.backends().stream().map(b -> {
            BackendStatus backend = new BackendStatus();
            backend.setService(b.service());
            backend.setPort(b.port());
            backend.setReadyEndpoints(b.readyEndpoints());
            return backend;
        }).toList();
        status.setBackends(backends);
        if (facts.lastAcceptedSpec() != null) {
            status.setLastAccepted(new LastAcceptedRoute(facts.servedGeneration(), facts.lastAcceptedSpec()));
        }
        return status;
    }

    public RateLimitPolicyStatus policy(RateLimitPolicyStatus previous, PolicyFacts facts, Programmed programmed) {
        RateLimitPolicyStatus status = new RateLimitPolicyStatus();
        status.setObservedGeneration(facts.generation());
        status.setConditions(Conditions.of(previous == null ? null : previous.getConditions(), facts.generation(),
                clock, facts.accepted(), facts.resolvedRefs(), programmed.condition()));
        if (facts.lastAcceptedSpec() != null) {
            status.setLastAccepted(new LastAcceptedPolicy(facts.servedGeneration(), facts.lastAcceptedSpec()));
        }
        return status;
    }
}
