package dev.portico.dataplane.routing;

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
 * Applying a one-route change with thousands of routes installed: every invocation adds or removes one
 * route (alternately), compiled from scratch ({@code fullCompile}, what each delta cost before the
 * incremental compiler) or from the serving router ({@code incremental}). The snapshots share every
 * unchanged route object, as {@code Snapshot.apply(Delta)} leaves them. {@code hostless} mirrors the
 * propagation bench (PathPrefix {@code /bg-<i>} on every host); {@code hosts} spreads routes over 50
 * hosts with an exact path, a prefix and a template each, like RouteLookupBenchmark. {@code wholeDelta}
 * is all the data plane does per delta message: apply it to the snapshot, check its hash, compile, and
 * carry the endpoint table over.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RouteApplyBenchmark {
    @Param({"5000"})
    public int routes;

    @Param({"hostless", "hosts"})
    public String shape;

    private final RouterCompiler compiler = new RouterCompiler();
    private Snapshot without;
    private Snapshot with;
    private Router routerWithout;
    private Router routerWith;
    private boolean flip;
    private Delta adding;
    private Delta removing;
    private final ContentHasher hasher = new ContentHasher();
    private EndpointTable endpoints;

    @Setup
    public void setup() {
        List<Route> list = new ArrayList<>();
        for (int i = 0; i < routes; i++) {
            list.add(route(i));
        }
        Cluster c = new Cluster("default/backend:80", "default", "backend", 80, true,
                List.of(new Endpoint("127.0.0.1", 8080)));
        without = new Snapshot("default", 1, list, List.of(c));
        List<Route> more = new ArrayList<>(without.routes());
        more.add(route(routes));
        with = new Snapshot("default", 2, more, List.of(c));
        routerWithout = compiler.compile(without);
        routerWith = compiler.compile(with);
        adding = without.diff(with);
        removing = with.diff(without);
        endpoints = EndpointTable.empty().next(without);
    }

    private Route route(int i) {
        if (shape.equals("hostless")) {
            return new Route("default", "bg-" + i, 1, "2024-01-01T00:00:00Z", List.of(), null,
                    List.of(rule(0, PathMatch.prefix("/bg-" + i))));
        }
        return new Route("ns", "r" + i, 1, "2024-01-01T00:00:00Z", List.of("svc" + (i % 50) + ".example"), null,
                List.of(rule(0, new PathMatch(PathMatch.Type.Exact, "/api/v1/items" + i)),
                        rule(1, new PathMatch(PathMatch.Type.PathPrefix, "/api/v1/orders" + i)),
                        rule(2, new PathMatch(PathMatch.Type.Template, "/api/v1/users" + i + "/{id}/profile"))));
    }

    private static Rule rule(int index, PathMatch path) {
        return new Rule("rule" + index, index, List.of(RouteMatch.path(path)),
                List.of(new BackendRef("default/backend:80", 1)), null, null, null, null, 0, null, null, null, 0);
    }

    @Benchmark
    public Router fullCompile() {
        flip = !flip;
        return compiler.compile(flip ? with : without);
    }

    @Benchmark
    public Router incremental() {
        flip = !flip;
        return flip ? compiler.compile(routerWithout, with) : compiler.compile(routerWith, without);
    }

    @Benchmark
    public Object wholeDelta() {
        flip = !flip;
        Snapshot next = flip ? without.apply(adding) : with.apply(removing);
        String hash = hasher.hash(next);
        Router router = compiler.compile(flip ? routerWithout : routerWith, next);
        return new Object[] {hash, router, endpoints.next(next)};
    }

    /** The part of {@link #wholeDelta} that is not the router's: Snapshot.apply alone. */
    @Benchmark
    public Snapshot deltaApplyOnly() {
        flip = !flip;
        return flip ? without.apply(adding) : with.apply(removing);
    }

    /** Snapshot.apply and the content hash check, without compiling. */
    @Benchmark
    public String deltaApplyAndHash() {
        flip = !flip;
        return hasher.hash(flip ? without.apply(adding) : with.apply(removing));
    }
}
