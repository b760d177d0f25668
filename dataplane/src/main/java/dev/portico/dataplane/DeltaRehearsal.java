package dev.portico.dataplane;

import dev.portico.dataplane.routing.Router;
import dev.portico.dataplane.routing.RouterCompiler;
import dev.portico.dataplane.upstream.EndpointTable;
import dev.portico.snapshot.BackendRef;
import dev.portico.snapshot.Cluster;
import dev.portico.snapshot.ContentHasher;
import dev.portico.snapshot.Delta;
import dev.portico.snapshot.Endpoint;
import dev.portico.snapshot.PathMatch;
import dev.portico.snapshot.Route;
import dev.portico.snapshot.RouteMatch;
import dev.portico.snapshot.Rule;
import dev.portico.snapshot.Snapshot;
import dev.portico.snapshot.stream.FrameCodec;
import dev.portico.snapshot.stream.FrameDecoder;
import dev.portico.snapshot.stream.StreamMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs the delta path at start-up on a made-up snapshot of four routes: frame encoded and decoded, delta applied,
 * content hashed, router compiled from the previous one, endpoint table carried over. Everything it makes is its
 * own (hasher, routers, tables) and dropped; the serving router, /config, readiness and metrics never see it.
 *
 * <p>Why: the first delta after start-up otherwise does that path's one-time work while a route change waits:
 * loading and linking its classes and building the JSON codec of a delta (a full snapshot was all it had
 * decoded). It runs once, on a worker thread, off the event loops; its CPU time is in its log line.
 */
public final class DeltaRehearsal {
    /** Each kind of change (new spec, deletion, creation) once per route. */
    private static final int RUNS = 12;
    private static final String NAMESPACE = "portico-delta-rehearsal";
    private static final int ROUTES = 4;
    private static final String CLUSTER = Cluster.nameOf(NAMESPACE, "backend", 80);

    private DeltaRehearsal() {
    }

    /** @return how many deltas went through the whole path */
    public static int run(RouterCompiler compiler, String gateway) {
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < ROUTES; i++) {
            routes.add(route(i, 1));
        }
        List<Cluster> clusters = List.of(new Cluster(CLUSTER, NAMESPACE, "backend", 80, true,
                List.of(new Endpoint("127.0.0.1", 8080))));
        Snapshot applied = new Snapshot(gateway, 1, routes, clusters);
        ContentHasher hasher = new ContentHasher();
        hasher.hash(applied);
        Router router = compiler.compile(null, applied);
        EndpointTable endpoints = EndpointTable.empty().next(applied);
        FrameDecoder decoder = new FrameDecoder();
        int deltas = 0;
        for (int run = 0; run < RUNS; run++) {
            int i = run % ROUTES;
            List<Route> next = new ArrayList<>(applied.routes());
            next.removeIf(r -> r.name().equals(name(i)));
            if ((run / ROUTES) % 3 != 1) { // rounds of a new spec, a deletion, a creation
                next.add(route(i, run + 2));
            }
            Snapshot target = new Snapshot(gateway, applied.version() + 1, next, clusters);
            Delta delta = applied.diff(target, new ContentHasher().hash(target));
            for (byte[] payload : decoder.feed(FrameCodec.encode(new StreamMessage.DeltaMessage(delta)))) {
                if (FrameCodec.decode(payload) instanceof StreamMessage.DeltaMessage message) {
                    Snapshot result = applied.apply(message.delta());
                    if (!hasher.hash(result).equals(message.delta().hash())) {
                        throw new IllegalStateException("the rehearsal's delta did not reproduce its snapshot");
                    }
                    router = compiler.compile(router, result);
                    endpoints = endpoints.next(result);
                    applied = result;
                    deltas++;
                }
            }
        }
        return deltas;
    }

    private static String name(int i) {
        return "route-" + i;
    }

    private static Route route(int i, long generation) {
        Rule rule = new Rule(null, 0, List.of(RouteMatch.path(PathMatch.prefix("/rehearsal-" + i + "-" + generation))),
                List.of(new BackendRef(CLUSTER, 1)), null, null, null, null, 0, null, null, List.of(), 0);
        return new Route(NAMESPACE, name(i), generation, "", List.of(), null, List.of(rule));
    }
}
