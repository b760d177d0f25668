package dev.portico.dataplane.routing;

import dev.portico.snapshot.Snapshot;
import java.util.List;
import java.util.Map;

/**
 * An immutable routing table compiled from one snapshot. Lookup: the exact host's path index, then
 * wildcard hosts by label suffix longest first, then routes without hosts; inside each, the path
 * index and predicates in {@link dev.portico.snapshot.MatchPrecedence#ORDER}. Cost grows with the
 * path's depth and the candidates sharing its path, not with the number of routes.
 */
public final class Router {
    private final Snapshot snapshot;
    private final Map<String, PathIndex> exactHosts;
    private final Map<String, PathIndex> wildcardSuffixes;
    private final PathIndex anyHost;
    private final List<CompiledRule> rules;

    Router(Snapshot snapshot, Map<String, PathIndex> exactHosts, Map<String, PathIndex> wildcardSuffixes,
            PathIndex anyHost, List<CompiledRule> rules) {
        this.snapshot = snapshot;
        this.exactHosts = exactHosts;
        this.wildcardSuffixes = wildcardSuffixes;
        this.anyHost = anyHost;
        this.rules = rules;
    }

    /** The snapshot this router was compiled from. */
    public Snapshot snapshot() {
        return snapshot;
    }

    public long version() {
        return snapshot.version();
    }

    /** Every compiled rule, in snapshot order. */
    public List<CompiledRule> rules() {
        return rules;
    }

    /** The best rule for the request, or null (404). */
    public RouteHit route(RouteRequest request) {
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
        return anyHost == null ? null : anyHost.find(request);
    }
}
