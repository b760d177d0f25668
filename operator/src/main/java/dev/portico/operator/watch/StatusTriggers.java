package dev.portico.operator.watch;

import dev.portico.api.v1alpha1.GatewayRoute;
import dev.portico.api.v1alpha1.RateLimitPolicy;
import dev.portico.operator.resolve.ObjectRef;
import dev.portico.operator.status.StatusBoard;
import dev.portico.operator.stream.NodeState;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;

import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Asks JOSDK to reconcile the objects whose status may have changed for a reason no informer sees: a new
 * translation, or a data plane that connected, ACKed, NACKed or left.
 */
public final class StatusTriggers {
    private static final System.Logger LOG = System.getLogger(StatusTriggers.class.getName());

    final SimpleInboundEventSource<GatewayRoute> routeEvents = new SimpleInboundEventSource<>("portico-route-status");
    final SimpleInboundEventSource<RateLimitPolicy> policyEvents =
            new SimpleInboundEventSource<>("portico-policy-status");
    private final StatusBoard board;
    private final Map<String, NodeState> lastByConnection = new ConcurrentHashMap<>();

    public StatusTriggers(StatusBoard board) {
        this.board = board;
    }

    public void changed(StatusBoard.Changes changes) {
        changes.routes().forEach(ref -> fire(routeEvents, ref));
        changes.policies().forEach(ref -> fire(policyEvents, ref));
    }

    /** A data plane's state moved: only the routes whose verdict on that node can flip are looked at again. */
    public void nodeChanged(NodeState state) {
        if (state.gateway() == null) {
            return;
        }
        NodeState before = state.connected() ? lastByConnection.put(state.connection(), state)
                : lastByConnection.remove(state.connection());
        Set<ObjectRef> routes;
        if (before == null || !state.connected() || before.rejecting() != state.rejecting()
                || !Objects.equals(before.rejectedError(), state.rejectedError())
                || !before.jwksFailures().equals(state.jwksFailures())
                || !Objects.equals(before.redisError(), state.redisError())) {
            // the count of data planes, a refusal, a JWKS or a Redis outage changed
            routes = board.routesOf(state.gateway());
        } else {
            routes = board.routesBecomingServed(state.gateway(), before.servingVersion(), state.servingVersion());
        }
        changed(new StatusBoard.Changes(routes, board.policiesTargeting(routes)));
    }

    private static void fire(SimpleInboundEventSource<?> source, ObjectRef ref) {
        try {
            source.propagateEvent(new ResourceID(ref.name(), ref.namespace()));
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "status trigger for {0} dropped: {1}", ref, e.getMessage());
        }
    }
}
