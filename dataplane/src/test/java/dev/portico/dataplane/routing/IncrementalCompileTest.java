package dev.portico.dataplane.routing;

import static dev.portico.dataplane.Snapshots.cluster;
import static dev.portico.dataplane.Snapshots.match;
import static dev.portico.dataplane.Snapshots.route;
import static dev.portico.dataplane.Snapshots.rule;
import static dev.portico.dataplane.Snapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portico.dataplane.filter.RouteFilter;
import dev.portico.dataplane.filter.RouteFilterFactory;
import dev.portico.snapshot.Cluster;
import dev.portico.snapshot.PathMatch;
import dev.portico.snapshot.Route;
import dev.portico.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A router compiled from the previous one plus a changed snapshot must answer every request, and refuse
 * every snapshot, exactly as a router compiled from scratch; unchanged routes keep their compiled rules.
 */
class IncrementalCompileTest {
    private static final String T0 = "2024-01-01T00:00:00Z";

    @ParameterizedTest
    @ValueSource(longs = {1, 7, 42, 2026})
    void randomChangesAnswerEveryProbeAsACompileFromScratch(long seed) {
        RandomRoutes world = new RandomRoutes(seed);
        RouterCompiler compiler = new RouterCompiler();
        Snapshot current = snapshot(0, List.of(), world.clusters());
        Router incremental = compiler.compile(current);
        int refused = 0;
        for (int step = 1; step <= 300; step++) {
            Snapshot next = world.step(current, step);
            String scratchError = null;
            Router scratch = null;
            try {
                scratch = compiler.compile(next);
            } catch (InvalidSnapshotException e) {
                scratchError = e.getMessage();
            }
            Router previous = incremental;
            try {
                incremental = compiler.compile(previous, next);
                assertThat(scratchError).as("seed %d step %d: %s", seed, step, world.lastChange).isNull();
                current = next;
            } catch (InvalidSnapshotException e) {
                assertThat(e.getMessage()).as("seed %d step %d: %s", seed, step, world.lastChange)
                        .isEqualTo(scratchError);
                refused++;
                scratch = compiler.compile(current); // the previous router stays: it must still answer as before
                assertThat(incremental).isSameAs(previous);
            }
            assertSameAnswers(incremental, scratch, "seed " + seed + " step " + step + ": " + world.lastChange);
        }
        assertThat(refused).as("some steps exercise refusals").isGreaterThan(10).isLessThan(200);
    }

    private static void assertSameAnswers(Router incremental, Router scratch, String where) {
        for (String host : RandomRoutes.PROBE_HOSTS) {
            for (String path : RandomRoutes.PROBE_PATHS) {
                for (String method : List.of("GET", "POST")) {
                    for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("x-env", "prod"))) {
                        for (String query : new String[] {null, "q=1"}) {
                            RouteRequest a = new RouteRequest(host, path, method, headers::get, query);
                            RouteRequest b = new RouteRequest(host, path, method, headers::get, query);
                            assertThat(describe(incremental.route(a)))
                                    .as("%s | %s %s%s %s ?%s", where, method, host, path, headers, query)
                                    .isEqualTo(describe(scratch.route(b)));
                        }
                    }
                }
            }
        }
        assertThat(incremental.rules().stream().map(CompiledRule::id).toList())
                .isEqualTo(scratch.rules().stream().map(CompiledRule::id).toList());
    }

    private static String describe(RouteHit hit) {
        return hit == null ? "404"
                : hit.rule().id() + " " + hit.match() + " " + hit.captures() + " " + hit.matchedPrefix();
    }

    @Test
    void unchangedRoutesKeepTheirCompiledRulesAndFilters() {
        AtomicInteger created = new AtomicInteger();
        RouteFilterFactory counting = (route, rule) -> {
            created.incrementAndGet();
            return new RouteFilter() { // a new instance each time, so reuse shows as identity
                @Override
                public io.vertx.core.Future<Void> apply(dev.portico.dataplane.filter.Exchange exchange) {
                    return io.vertx.core.Future.succeededFuture();
                }
            };
        };
        RouterCompiler compiler = new RouterCompiler(List.of(counting));
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            routes.add(route("ns", "r" + i, T0, List.of(), rule("only", 0, List.of(match(PathMatch.Type.PathPrefix,
                    "/bg-" + i)), "c")));
        }
        Router first = compiler.compile(snapshot(1, routes, List.of(cluster("c", 1))));
        assertThat(created).hasValue(50);

        routes.set(7, route("ns", "r7", T0, List.of(), rule("only", 0, List.of(match(PathMatch.Type.PathPrefix,
                "/moved")), "c")));
        Router second = compiler.compile(first, snapshot(2, routes, List.of(cluster("c", 1))));

        assertThat(created).as("one route changed: one rule's filters built").hasValue(51);
        Map<String, RouteFilter> before = new java.util.HashMap<>();
        first.rules().forEach(r -> before.put(r.id(), r.filters().get(0)));
        for (CompiledRule after : second.rules()) {
            assertThat(after.filters().get(0) == before.get(after.id())).as("filter of %s reused", after.id())
                    .isEqualTo(!after.id().equals("ns/r7/only"));
        }
        assertThat(second.route(new RouteRequest("h", "/bg-7", "GET", n -> null, null))).isNull();
        assertThat(second.route(new RouteRequest("h", "/moved/x", "GET", n -> null, null)).rule().id())
                .isEqualTo("ns/r7/only");
        assertThat(first.route(new RouteRequest("h", "/bg-7", "GET", n -> null, null)).rule().id())
                .as("the previous router is untouched").isEqualTo("ns/r7/only");
    }

    @Test
    void aClusterThatLeavesIsRefusedForAnUnchangedRouteThatNamesIt() {
        RouterCompiler compiler = new RouterCompiler();
        Route keeps = route("shop", "cart", T0, List.of("shop.example"),
                rule("main", 0, List.of(match(PathMatch.Type.PathPrefix, "/cart")), "gone"));
        Router first = compiler.compile(snapshot(1, List.of(keeps), List.of(cluster("gone", 1), cluster("c", 1))));
        Snapshot without = snapshot(2, List.of(keeps), List.of(cluster("c", 1)));

        assertThatThrownBy(() -> compiler.compile(first, without))
                .isInstanceOf(InvalidSnapshotException.class)
                .hasMessage("route shop/cart rule main: backends names cluster \"gone\" which is not in the "
                        + "snapshot's clusters");
        assertThat(first.route(new RouteRequest("shop.example", "/cart", "GET", n -> null, null)).rule().id())
                .isEqualTo("shop/cart/main");
    }

    @Test
    void endpointOnlyChangesReuseEveryCompiledRule() {
        RouterCompiler compiler = new RouterCompiler();
        Route r = route("ns", "a", T0, List.of(), rule("x", 0, List.of(match(PathMatch.Type.Exact, "/a")), "c"));
        Router first = compiler.compile(snapshot(1, List.of(r), List.of(cluster("c", 1))));
        Cluster moved = cluster("c", 2);
        Router second = compiler.compile(first, snapshot(2, List.of(r), List.of(moved)));
        assertThat(second.rules().get(0)).isSameAs(first.rules().get(0));
        assertThat(second.snapshot().clusters()).containsExactly(moved);
    }
}
