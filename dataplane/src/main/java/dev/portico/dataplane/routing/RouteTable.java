package dev.portico.dataplane.routing;

import java.util.ArrayList;
import java.util.List;

/**
 * The host tiers of a router: exact hosts, {@code *.suffix} wildcards by label suffix, then routes
 * without hosts, each with its {@link PathIndex}. Immutable; adding or removing a route copies only
 * the tiers its hosts name, and inside them only its paths.
 */
final class RouteTable {
    static final RouteTable EMPTY = new RouteTable(HashTrie.empty(), HashTrie.empty(), PathIndex.EMPTY);

    private final HashTrie<PathIndex> exactHosts;
    private final HashTrie<PathIndex> wildcardSuffixes;
    private final PathIndex anyHost;

    private RouteTable(HashTrie<PathIndex> exactHosts, HashTrie<PathIndex> wildcardSuffixes, PathIndex anyHost) {
        this.exactHosts = exactHosts;
        this.wildcardSuffixes = wildcardSuffixes;
        this.anyHost = anyHost;
    }

    RouteTable with(CompiledRoute route) {
        return change(route, true);
    }

    RouteTable without(CompiledRoute route) {
        return change(route, false);
    }

    private RouteTable change(CompiledRoute route, boolean add) {
        List<String> hosts = route.route().hosts();
        HashTrie<PathIndex> exact = exactHosts;
        HashTrie<PathIndex> wild = wildcardSuffixes;
        PathIndex any = anyHost;
        if (hosts.isEmpty()) {
            any = changed(any, route.matches(), add);
        }
        for (String host : hosts) {
            if (host.startsWith("*.")) {
                wild = changed(wild, host.substring(2), route.matches(), add);
            } else {
                exact = changed(exact, HostNames.canonical(host), route.matches(), add);
            }
        }
        return new RouteTable(exact, wild, any);
    }

    private static HashTrie<PathIndex> changed(HashTrie<PathIndex> tiers, String key, List<CompiledMatch> matches,
            boolean add) {
        PathIndex before = tiers.get(key);
        PathIndex after = changed(before == null ? PathIndex.EMPTY : before, matches, add);
        return after.isEmpty() ? tiers.without(key) : tiers.with(key, after);
    }

    private static PathIndex changed(PathIndex index, List<CompiledMatch> matches, boolean add) {
        PathIndex out = index;
        for (CompiledMatch m : matches) {
            out = add ? out.with(m) : out.without(m);
        }
        return out;
    }

    /** The best rule for the request, or null: exact host, then wildcards longest suffix first, then any host. */
    RouteHit find(RouteRequest request) {
        String host = request.host();
        PathIndex exact = exactHosts.get(host);
        if (exact != null) {
            RouteHit hit = exact.find(request);
            if (hit != null) {
                return hit;
            }
        }
        if (!wildcardSuffixes.isEmpty()) {
            for (int dot = host.indexOf('.'); dot >= 0; dot = host.indexOf('.', dot + 1)) {
                PathIndex wild = wildcardSuffixes.get(host.substring(dot + 1));
                if (wild != null) {
                    RouteHit hit = wild.find(request);
                    if (hit != null) {
                        return hit;
                    }
                }
            }
        }
        return anyHost.isEmpty() ? null : anyHost.find(request);
    }

    /** Every match of every host tier {@link #find} looks in whose path fits the request, its predicates aside. */
    List<CompiledMatch> pathMatches(RouteRequest request) {
        List<CompiledMatch> out = new ArrayList<>();
        String host = request.host();
        PathIndex exact = exactHosts.get(host);
        if (exact != null) {
            exact.pathMatches(request.path(), out);
        }
        for (int dot = host.indexOf('.'); dot >= 0; dot = host.indexOf('.', dot + 1)) {
            PathIndex wild = wildcardSuffixes.get(host.substring(dot + 1));
            if (wild != null) {
                wild.pathMatches(request.path(), out);
            }
        }
        anyHost.pathMatches(request.path(), out);
        return out;
    }
}
