package dev.portico.operator.stream;

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

/** Small snapshots built by hand: {@code n} routes, each sending /r{i} to its own cluster. */
final class TestSnapshots {
    private TestSnapshots() {
    }

    static Route route(int i, long generation) {
        Rule rule = new Rule("r", 0, List.of(RouteMatch.path(PathMatch.prefix("/r" + i))),
                List.of(new BackendRef(clusterName(i), 1)), null, null, null, null, 15_000, null, null, List.of(), 0);
        return new Route("shop", "route-" + i, generation, "2026-11-26T04:00:00Z", List.of(), null, List.of(rule));
    }

    static String clusterName(int i) {
        return Cluster.nameOf("shop", "svc-" + i, 8080);
    }

    static Cluster cluster(int i, String... addresses) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (String a : addresses) {
            endpoints.add(new Endpoint(a, 8080));
        }
        return new Cluster(clusterName(i), "shop", "svc-" + i, 8080, true, endpoints);
    }

    static Snapshot world(String gateway, int routes, long generation) {
        List<Route> rs = new ArrayList<>();
        List<Cluster> cs = new ArrayList<>();
        for (int i = 0; i < routes; i++) {
            rs.add(route(i, generation));
            cs.add(cluster(i, "10.0.0." + (i % 250 + 1)));
        }
        return new Snapshot(gateway, 0, rs, cs);
    }

    static Snapshot withCluster(Snapshot s, Cluster replacement) {
        List<Cluster> cs = new ArrayList<>(s.clusters());
        cs.removeIf(c -> c.name().equals(replacement.name()));
        cs.add(replacement);
        return new Snapshot(s.gateway(), s.version(), s.routes(), cs);
    }

    static Snapshot withRoute(Snapshot s, Route replacement) {
        List<Route> rs = new ArrayList<>(s.routes());
        rs.removeIf(r -> r.id().equals(replacement.id()));
        rs.add(replacement);
        return new Snapshot(s.gateway(), s.version(), rs, s.clusters());
    }
}
