package dev.portico.dataplane.routing;

import dev.portico.snapshot.Route;
import dev.portico.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * An immutable routing table compiled from one snapshot. Lookup: the exact host's path index, then
 * wildcard hosts by label suffix longest first, then routes without hosts; inside each, the path
 * index and predicates in {@link dev.portico.snapshot.MatchPrecedence#ORDER}. Cost grows with the
 * path's depth and the candidates sharing its path, not with the number of routes. The next router
 * shares every unchanged route's compiled rules and every untouched part of the index with this one
 * ({@link RouterCompiler#compile(Router, Snapshot)}).
 */
public final class Router {
    private final Snapshot snapshot;
    private final HashTrie<CompiledRoute> routes;
    private final RouteTable table;

    Router(Snapshot snapshot, HashTrie<CompiledRoute> routes, RouteTable table) {
        this.snapshot = snapshot;
        this.routes = routes;
        this.table = table;
    }

    /** The snapshot this router was compiled from. */
    public Snapshot snapshot() {
        return snapshot;
    }

    public long version() {
        return snapshot.version();
    }

    /** Every compiled rule, in snapshot order; built on each call (a walk over all routes), so not for requests. */
    public List<CompiledRule> rules() {
        List<CompiledRule> all = new ArrayList<>();
        for (Route route : snapshot.routes()) {
            all.addAll(routes.get(route.id()).rules());
        }
        return List.copyOf(all);
    }

    /** The best rule for the request, or null (404). */
    public RouteHit route(RouteRequest request) {
        return table.find(request);
    }

    /**
     * The 404's message for a request {@link #route} found no rule for: what of it did not match, when rules fit its
     * host and path. A second walk that ignores the predicates, made only for a miss: the hot path pays nothing.
     */
    public String whyNoRoute(RouteRequest request) {
        return RouteMiss.message(request, table.pathMatches(request));
    }

    HashTrie<CompiledRoute> compiledRoutes() {
        return routes;
    }

    RouteTable table() {
        return table;
    }
}
