package dev.portico.dataplane.routing;

import dev.portico.snapshot.BackendRef;
import dev.portico.snapshot.Cluster;
import dev.portico.snapshot.ContentHasher;
import dev.portico.snapshot.Delta;
import dev.portico.snapshot.PathMatch;
import dev.portico.snapshot.Route;
import dev.portico.snapshot.RouteMatch;
import dev.portico.snapshot.Rule;
import dev.portico.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * The first deltas in a fresh JVM, before the JIT has warmed the change path (what the first trials of
 * the propagation bench meet): 5,000 host-less routes, then eight one-route deltas, each timed as the data
 * plane runs it (apply + hash check, then compile from the serving router). Not JMH: the point is the
 * cold start, one run of each step. Run with the data plane's JVM flags.
 */
public final class FirstDeltasProbe {
    private FirstDeltasProbe() {
    }

    public static void main(String[] args) {
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            routes.add(route(i));
        }
        Cluster cluster = new Cluster("c", "ns", "c", 80, true, List.of());
        Snapshot snapshot = new Snapshot("default", 1, routes, List.of(cluster));
        ContentHasher hasher = new ContentHasher();
        RouterCompiler compiler = new RouterCompiler();
        long start = System.nanoTime();
        hasher.hash(snapshot);
        Router router = compiler.compile(snapshot);
        System.out.printf("first full snapshot (hash + compile): %.1f ms%n", (System.nanoTime() - start) / 1e6);
        for (int k = 0; k < 8; k++) {
            List<Route> more = new ArrayList<>(snapshot.routes());
            more.add(route(10_000 + k));
            Delta delta = snapshot.diff(new Snapshot("default", snapshot.version() + 1, more, List.of(cluster)));
            long t0 = System.nanoTime();
            Snapshot next = snapshot.apply(delta);
            hasher.hash(next);
            long t1 = System.nanoTime();
            router = compiler.compile(router, next);
            long t2 = System.nanoTime();
            System.out.printf("delta %d: apply + hash %.2f ms, compile %.2f ms%n", k, (t1 - t0) / 1e6, (t2 - t1) / 1e6);
            snapshot = next;
        }
    }

    private static Route route(int i) {
        return new Route("default", "bg-" + i, 1, "2024-01-01T00:00:00Z", List.of(), null,
                List.of(new Rule("rule0", 0, List.of(RouteMatch.path(PathMatch.prefix("/bg-" + i))),
                        List.of(new BackendRef("c", 1)), null, null, null, null, 0, null, null, null, 0)));
    }
}
