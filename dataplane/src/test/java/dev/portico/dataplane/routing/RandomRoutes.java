package dev.portico.dataplane.routing;

import static dev.portico.dataplane.Snapshots.cluster;

import dev.portico.snapshot.BackendRef;
import dev.portico.snapshot.Cluster;
import dev.portico.snapshot.PathMatch;
import dev.portico.snapshot.Route;
import dev.portico.snapshot.RouteMatch;
import dev.portico.snapshot.Rule;
import dev.portico.snapshot.Snapshot;
import dev.portico.snapshot.ValueMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random snapshot changes over a small vocabulary of hosts, paths and predicates, so that
 * matches collide often: adds, changes, removals, several or most at once, a whole resend of equal copies,
 * clusters coming and going, and invalid changes the compiler must refuse.
 */
final class RandomRoutes {
    static final List<String> PROBE_HOSTS = List.of("a.example", "A.Example:8080", "x.a.example", "b.example",
            "other.test", "");
    static final List<String> PROBE_PATHS = List.of("/", "/api", "/api/", "/api/v1", "/api/v1/users",
            "/api/v1/users/42", "/api/7", "/api/7.json", "/users/42", "/users/42/x", "/v2/x", "/x", "//api",
            "/api/v1/7/x", "/apix");

    private static final List<String> HOSTS = List.of("a.example", "b.example", "*.example", "*.a.example",
            "x.a.example", "A.example.");
    private static final List<String> PREFIXES = List.of("/", "/api", "/api/v1", "/users", "/x", "//api", "/api/");
    private static final List<String> EXACTS = List.of("/", "/api", "/api/", "/users/42", "/x", "/api/v1/users");
    private static final List<String> TEMPLATES = List.of("/api/{id}", "/api/{name}", "/users/{id}",
            "/users/{id}/x", "/api/{id}.json", "/api/v1/{id}/x", "/{a}/{b}");
    private static final List<String> REGEXES = List.of("/api/.*", "/v[0-9]+/x", "/.*", "/users/[0-9]+");
    private static final List<String> CREATED = List.of("2024-01-01T00:00:00Z", "2024-06-01T00:00:00Z");

    private final Random random;
    private int nextCluster = 3;
    String lastChange = "";

    RandomRoutes(long seed) {
        this.random = new Random(seed);
    }

    List<Cluster> clusters() {
        return List.of(cluster("c0", 1), cluster("c1", 1), cluster("c2", 1));
    }

    Snapshot step(Snapshot current, long version) {
        List<Route> routes = new ArrayList<>(current.routes());
        List<Cluster> clusters = new ArrayList<>(current.clusters());
        int op = random.nextInt(100);
        if (op < 35 || routes.isEmpty()) {
            int changes = op < 5 ? 3 : 1;
            StringBuilder what = new StringBuilder("upsert");
            for (int k = 0; k < changes; k++) {
                Route r = randomRoute("r" + random.nextInt(40), clusters, false);
                upsert(routes, r);
                what.append(' ').append(r.id());
            }
            lastChange = what.toString();
        } else if (op < 55) {
            Route gone = routes.remove(random.nextInt(routes.size()));
            lastChange = "remove " + gone.id();
        } else if (op < 65) {
            Route bad = randomRoute("r" + random.nextInt(40), clusters, true);
            upsert(routes, bad);
            lastChange = "invalid " + bad;
        } else if (op < 75 && clusters.size() > 1) {
            Cluster gone = clusters.remove(random.nextInt(clusters.size()));
            lastChange = "remove cluster " + gone.name();
            if (random.nextBoolean()) { // in one delta with a route change, valid or not
                Route r = randomRoute("r" + random.nextInt(40), clusters, random.nextBoolean());
                upsert(routes, r);
                lastChange += " and upsert " + r;
            }
        } else if (op < 85) {
            Cluster added = cluster("c" + nextCluster++, 1);
            clusters.add(added);
            lastChange = "add cluster " + added.name();
        } else if (op < 92) {
            int at = random.nextInt(clusters.size());
            clusters.set(at, cluster(clusters.get(at).name(), 1 + random.nextInt(5)));
            lastChange = "endpoints of " + clusters.get(at).name();
        } else if (op < 96) {
            // Most routes change at once (a policy on every route): the compiler rebuilds rather than patches.
            routes.replaceAll(r -> random.nextInt(10) < 7 ? randomRoute(r.name(), r.namespace(), clusters) : r);
            lastChange = "most routes changed";
        } else {
            routes.replaceAll(RandomRoutes::copy);
            lastChange = "resend of equal copies";
        }
        return new Snapshot("default", version, routes, clusters);
    }

    private static void upsert(List<Route> routes, Route r) {
        routes.removeIf(x -> x.id().equals(r.id()));
        routes.add(r);
    }

    private static Route copy(Route r) {
        return new Route(r.namespace(), r.name(), r.generation(), r.creationTimestamp(), new ArrayList<>(r.hosts()),
                r.auth(), r.cors(), new ArrayList<>(r.rules()));
    }

    private Route randomRoute(String name, List<Cluster> clusters, boolean invalid) {
        return randomRoute(name, random.nextBoolean() ? "ns-a" : "ns-b", clusters, invalid);
    }

    private Route randomRoute(String name, String ns, List<Cluster> clusters) {
        return randomRoute(name, ns, clusters, false);
    }

    private Route randomRoute(String name, String ns, List<Cluster> clusters, boolean invalid) {
        List<String> hosts = new ArrayList<>();
        int hostCount = random.nextInt(3);
        for (int i = 0; i < hostCount; i++) {
            hosts.add(pick(HOSTS));
        }
        int ruleCount = 1 + random.nextInt(3);
        int broken = invalid ? random.nextInt(ruleCount) : -1;
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < ruleCount; i++) {
            rules.add(randomRule(i, clusters, i == broken));
        }
        return new Route(ns, name, 1 + random.nextInt(3), pick(CREATED), hosts, null, rules);
    }

    private Rule randomRule(int index, List<Cluster> clusters, boolean broken) {
        List<RouteMatch> matches = new ArrayList<>();
        int matchCount = random.nextInt(3); // zero: the compiler's implicit PathPrefix /
        for (int i = 0; i < matchCount; i++) {
            matches.add(randomMatch());
        }
        String cluster = clusters.isEmpty() ? "none" : clusters.get(random.nextInt(clusters.size())).name();
        if (broken) {
            switch (random.nextInt(4)) {
                case 0 -> cluster = "missing";
                case 1 -> matches.add(RouteMatch.path(new PathMatch(PathMatch.Type.RegularExpression, "/(")));
                case 2 -> matches.add(RouteMatch.path(PathMatch.exact("no-slash")));
                default -> matches.add(new RouteMatch(PathMatch.prefix("/api"), null,
                        List.of(new ValueMatch("", ValueMatch.Type.Present, null)), List.of()));
            }
        }
        String name = random.nextInt(4) == 0 ? null : "rule" + index;
        return new Rule(name, index, matches, List.of(new BackendRef(cluster, 1)), null, null, null, null, 0, null,
                null, null, 0);
    }

    private RouteMatch randomMatch() {
        PathMatch path = switch (random.nextInt(4)) {
            case 0 -> PathMatch.exact(pick(EXACTS));
            case 1 -> PathMatch.prefix(pick(PREFIXES));
            case 2 -> PathMatch.template(pick(TEMPLATES));
            default -> new PathMatch(PathMatch.Type.RegularExpression, pick(REGEXES));
        };
        String method = random.nextInt(3) == 0 ? pick(List.of("GET", "POST")) : null;
        List<ValueMatch> headers = switch (random.nextInt(5)) {
            case 0 -> List.of(new ValueMatch("x-env", ValueMatch.Type.Exact, "prod"));
            case 1 -> List.of(new ValueMatch("x-env", ValueMatch.Type.Present, null));
            case 2 -> List.of(new ValueMatch("x-env", ValueMatch.Type.RegularExpression, "p.*"));
            default -> List.of();
        };
        List<ValueMatch> query = random.nextInt(4) == 0
                ? List.of(new ValueMatch("q", ValueMatch.Type.Exact, "1")) : List.of();
        return new RouteMatch(path, method, headers, query);
    }

    private <T> T pick(List<T> from) {
        return from.get(random.nextInt(from.size()));
    }
}
