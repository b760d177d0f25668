package dev.portico.dataplane.routing;

import dev.portico.snapshot.BackendRef;
import dev.portico.snapshot.Cluster;
import dev.portico.snapshot.Endpoint;
import dev.portico.snapshot.PathMatch;
import dev.portico.snapshot.Route;
import dev.portico.snapshot.RouteMatch;
import dev.portico.snapshot.Rule;
import dev.portico.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Route lookup cost against table size (acceptance: 10,000 routes cost less than 2x 10 routes).
 * Each route has a host (one of 50), an exact path, a prefix and a template rule, so every index is
 * populated; lookups cycle over hosts and paths that exist, plus one miss.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RouteLookupBenchmark {
    @Param({"10", "10000"})
    public int routes;

    private Router router;
    private RouteRequest[] requests;
    private int next;

    @Setup
    public void setup() {
        List<Route> list = new ArrayList<>();
        for (int i = 0; i < routes; i++) {
            String host = "svc" + (i % 50) + ".example";
            list.add(new Route("ns", "r" + i, 1, "2024-01-01T00:00:00Z", List.of(host), null, List.of(
                    rule(0, new PathMatch(PathMatch.Type.Exact, "/api/v1/items" + i)),
                    rule(1, new PathMatch(PathMatch.Type.PathPrefix, "/api/v1/orders" + i)),
                    rule(2, new PathMatch(PathMatch.Type.Template, "/api/v1/users" + i + "/{id}/profile")))));
        }
        Cluster c = new Cluster("c", "ns", "c", 80, true, List.of(new Endpoint("127.0.0.1", 8080)));
        router = new RouterCompiler().compile(new Snapshot("default", 1, list, List.of(c)));
        requests = new RouteRequest[64];
        for (int k = 0; k < requests.length; k++) {
            int i = (k * 7919) % routes;
            String host = "svc" + (i % 50) + ".example";
            String path = switch (k % 4) {
                case 0 -> "/api/v1/items" + i;
                case 1 -> "/api/v1/orders" + i + "/42/lines";
                case 2 -> "/api/v1/users" + i + "/7/profile";
                default -> "/api/v1/missing/" + i;
            };
            requests[k] = new RouteRequest(host, path, "GET", n -> null, null);
        }
    }

    private static Rule rule(int index, PathMatch path) {
        return new Rule("rule" + index, index, List.of(RouteMatch.path(path)), List.of(new BackendRef("c", 1)),
                null, null, null, null, 0, null, null, null, 0);
    }

    @Benchmark
    public RouteHit lookup() {
        RouteRequest r = requests[next++ & 63];
        return router.route(r);
    }
}
