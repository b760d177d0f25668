package dev.portico.dataplane;

import dev.portico.dataplane.admin.GatewayMetrics;
import dev.portico.dataplane.routing.InvalidSnapshotException;
import dev.portico.dataplane.routing.Router;
import dev.portico.dataplane.routing.RouterCompiler;
import dev.portico.dataplane.upstream.EndpointTable;
import dev.portico.snapshot.Snapshot;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one way a snapshot gets served, whoever brings it (stream client or {@code --snapshot-file}).
 * {@link #apply} validates and compiles off the event loop, then swaps atomically: requests already
 * running finish on the router they started with; an invalid snapshot fails the future with a
 * message naming the route, rule and field, and the previous router stays in service. Each snapshot
 * is compiled from the serving router, so only the routes that changed are compiled again and the
 * others keep their filters (and the state those hold).
 */
public final class SnapshotApplier {
    private static final System.Logger LOG = System.getLogger(SnapshotApplier.class.getName());

    private final Vertx vertx;
    private final String gateway;
    private final RouterCompiler compiler;
    private final GatewayMetrics metrics;
    private final AtomicReference<RoutingState> state = new AtomicReference<>();
    private final io.vertx.core.Promise<Void> firstApplied = io.vertx.core.Promise.promise();

    public SnapshotApplier(Vertx vertx, String gateway, RouterCompiler compiler, GatewayMetrics metrics) {
        this.vertx = vertx;
        this.gateway = gateway;
        this.compiler = compiler;
        this.metrics = metrics;
    }

    /**
     * Validates, compiles and swaps in a full snapshot (apply deltas to {@link #current()} first).
     *
     * @return succeeds once new requests use it; fails with {@link InvalidSnapshotException} (message
     *         suitable for a NACK) when the snapshot is refused
     */
    public Future<Void> apply(Snapshot snapshot) {
        return vertx.executeBlocking(() -> {
            swap(snapshot);
            return null;
        }, true);
    }

    private synchronized void swap(Snapshot snapshot) {
        if (snapshot == null) {
            throw new InvalidSnapshotException("snapshot is null");
        }
        if (!gateway.equals(snapshot.gateway())) {
            throw new InvalidSnapshotException("snapshot " + snapshot.version() + " is for gateway \""
                    + snapshot.gateway() + "\" but this data plane serves \"" + gateway + "\"");
        }
        RoutingState before = state.get();
        long start = System.nanoTime();
        // Built from the serving router: unchanged routes keep their compiled rules, so a one-route change
        // costs that route; the serving router itself is immutable and stays in service if this throws.
        Router router = compiler.compile(before == null ? null : before.router(), snapshot);
        EndpointTable endpoints = (before == null ? EndpointTable.empty() : before.endpoints()).next(snapshot);
        state.set(new RoutingState(router, endpoints));
        if (before == null) {
            firstApplied.tryComplete();
        }
        metrics.snapshotApplied(router);
        LOG.log(System.Logger.Level.INFO, "applied snapshot {0} ({1} routes, {2} clusters) in {3} ms",
                snapshot.version(), snapshot.routes().size(), snapshot.clusters().size(),
                String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e6));
    }

    /** Completes once the first snapshot is served. */
    public Future<Void> firstApplied() {
        return firstApplied.future();
    }

    /** The applied snapshot, or null before the first one. */
    public Snapshot current() {
        RoutingState s = state.get();
        return s == null ? null : s.router().snapshot();
    }

    public boolean hasSnapshot() {
        return state.get() != null;
    }

    /** What a request arriving now is served with; null before the first snapshot. */
    public RoutingState state() {
        return state.get();
    }
}
