package dev.portico.dataplane.routing;

import dev.portico.dataplane.filter.RouteFilter;
import dev.portico.dataplane.filter.RouteFilterFactory;
import dev.portico.snapshot.BackendRef;
import dev.portico.snapshot.HeaderModifier;
import dev.portico.snapshot.MatchPrecedence;
import dev.portico.snapshot.PathMatch;
import dev.portico.snapshot.Route;
import dev.portico.snapshot.RouteMatch;
import dev.portico.snapshot.Rule;
import dev.portico.snapshot.Snapshot;
import dev.portico.snapshot.ValueMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Validates a snapshot and compiles it into a {@link Router}. Every problem is an
 * {@link InvalidSnapshotException} naming the route, rule and field, so the stream client can NACK.
 */
public final class RouterCompiler {
    private static final String NOT_A_NAME = " is not an HTTP field name (a token: letters, digits, !#$%&'*+-.^_`|~)";
    private final List<RouteFilterFactory> filterFactories;

    public RouterCompiler(List<RouteFilterFactory> filterFactories) {
        this.filterFactories = List.copyOf(filterFactories);
    }

    public RouterCompiler() {
        this(List.of());
    }

    /** Compiles a snapshot from scratch. */
    public Router compile(Snapshot snapshot) {
        return compile(null, snapshot);
    }

    /**
     * Compiles {@code next} from the router of the snapshot before it: routes equal to one of
     * {@code previous}'s keep their compiled rules, matches and filters; only added and changed ones are
     * validated and compiled, and only their hosts' and paths' parts of the index are rebuilt. A route
     * kept as it was is checked again only when a cluster it names left the snapshot. Answers every
     * request, and refuses every snapshot with the same message, as {@link #compile(Snapshot)} would.
     *
     * @param previous a router this compiler built, or null to compile from scratch
     */
    public Router compile(Router previous, Snapshot next) {
        List<Route> before = previous == null ? List.of() : previous.snapshot().routes();
        List<Route> after = next.routes();
        ClusterNames clusters = new ClusterNames(next.clusters());
        Set<String> vanished = previous == null ? Set.of() : clusters.vanishedSince(previous.snapshot().clusters());
        HashTrie<CompiledRoute> compiled = previous == null ? HashTrie.empty() : previous.compiledRoutes();
        List<CompiledRoute> gone = new ArrayList<>();
        List<CompiledRoute> fresh = new ArrayList<>();
        // One walk in snapshot order (both lists are sorted by id), so the first refused route is the one
        // a compile from scratch names first.
        int i = 0;
        int j = 0;
        while (i < before.size() || j < after.size()) {
            Route old = i < before.size() ? before.get(i) : null;
            Route now = j < after.size() ? after.get(j) : null;
            int c = old == now ? 0 : old == null ? 1 : now == null ? -1 : Route.BY_ID.compare(old, now);
            if (c < 0) {
                gone.add(compiled.get(old.id()));
                i++;
            } else if (c > 0) {
                fresh.add(compileRoute(now, clusters));
                j++;
            } else {
                if (old != now && !old.equals(now)) {
                    gone.add(compiled.get(old.id()));
                    fresh.add(compileRoute(now, clusters));
                } else if (!vanished.isEmpty() && namesAny(old, vanished)) {
                    for (Rule rule : old.rules()) {
                        validate(where(old, rule), rule, clusters);
                    }
                }
                i++;
                j++;
            }
        }
        if (previous == null || gone.size() + fresh.size() > after.size()) {
            return whole(next, compiled, fresh); // most routes changed: adding all beats removing and adding most
        }
        RouteTable table = previous.table();
        for (CompiledRoute r : gone) {
            table = table.without(r);
            compiled = compiled.without(r.route().id());
        }
        for (CompiledRoute r : fresh) {
            table = table.with(r);
            compiled = compiled.with(r.route().id(), r);
        }
        return new Router(next, compiled, table);
    }

    /** A router built afresh from {@code fresh} (in snapshot order) and, for the other routes, {@code kept}. */
    private static Router whole(Snapshot next, HashTrie<CompiledRoute> kept, List<CompiledRoute> fresh) {
        HashTrie<CompiledRoute> all = HashTrie.empty();
        RouteTable table = RouteTable.EMPTY;
        int k = 0;
        for (Route route : next.routes()) {
            String id = route.id();
            CompiledRoute r = k < fresh.size() && fresh.get(k).route() == route ? fresh.get(k++) : kept.get(id);
            all = all.with(id, r);
            table = table.with(r);
        }
        return new Router(next, all, table);
    }

    private CompiledRoute compileRoute(Route route, ClusterNames clusters) {
        List<CompiledRule> rules = new ArrayList<>();
        List<CompiledMatch> matches = new ArrayList<>();
        for (Rule rule : route.rules()) {
            String where = where(route, rule);
            validate(where, rule, clusters);
            checkHeaders(where, "requestHeaders", rule.requestHeaders());
            checkHeaders(where, "responseHeaders", rule.responseHeaders());
            if (rule.rewrite() != null && rule.rewrite().host() != null
                    && FieldSyntax.whyNotValue(rule.rewrite().host()) != null) {
                throw new InvalidSnapshotException(where + ": rewrite.host "
                        + FieldSyntax.whyNotValue(rule.rewrite().host()));
            }
            CompiledRule compiled = new CompiledRule(route.id() + "/" + ruleLabel(rule), route, rule,
                    filtersFor(route, rule, where));
            rules.add(compiled);
            List<RouteMatch> ruleMatches = rule.matches().isEmpty()
                    ? List.of(RouteMatch.path(PathMatch.prefix("/"))) : rule.matches();
            for (int m = 0; m < ruleMatches.size(); m++) {
                matches.add(compileMatch(where, route, rule, ruleMatches.get(m), compiled, m));
            }
        }
        return new CompiledRoute(route, rules, matches);
    }

    private static String where(Route route, Rule rule) {
        return "route " + route.id() + " rule " + (rule.name() == null ? rule.index() : rule.name());
    }

    private static boolean namesAny(Route route, Set<String> clusters) {
        for (Rule rule : route.rules()) {
            for (BackendRef ref : rule.backends()) {
                if (clusters.contains(ref.cluster())) {
                    return true;
                }
            }
            if (rule.isAggregate()) {
                for (var b : rule.aggregate().backends()) {
                    if (clusters.contains(b.cluster())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static String ruleLabel(Rule rule) {
        return rule.name() == null || rule.name().isEmpty() ? String.valueOf(rule.index()) : rule.name();
    }

    private List<RouteFilter> filtersFor(Route route, Rule rule, String where) {
        List<RouteFilter> filters = new ArrayList<>();
        for (RouteFilterFactory factory : filterFactories) {
            try {
                RouteFilter f = factory.create(route, rule);
                if (f != null) {
                    filters.add(f);
                }
            } catch (RuntimeException e) {
                throw new InvalidSnapshotException(where + ": " + e.getMessage(), e);
            }
        }
        return filters;
    }

    private static CompiledMatch compileMatch(String where, Route route, Rule rule, RouteMatch match,
            CompiledRule compiled, int position) {
        PathMatch path = match.path();
        if (!path.value().startsWith("/") && path.type() != PathMatch.Type.RegularExpression) {
            throw new InvalidSnapshotException(where + ": matches.path.value \"" + path.value()
                    + "\" must start with /");
        }
        try {
            if (path.type() == PathMatch.Type.RegularExpression) {
                Pattern.compile(path.value());
            }
            for (ValueMatch v : match.headers()) {
                checkValue(where, "matches.headers", v);
            }
            for (ValueMatch v : match.queryParams()) {
                checkValue(where, "matches.queryParams", v);
            }
        } catch (PatternSyntaxException e) {
            throw new InvalidSnapshotException(where + ": invalid regular expression: " + e.getDescription()
                    + " in \"" + e.getPattern() + "\"", e);
        }
        return new CompiledMatch(new MatchPrecedence.Candidate(route, rule, match), compiled, position);
    }

    private static void checkValue(String where, String field, ValueMatch v) {
        if (v.name() == null || v.name().isEmpty()) {
            throw new InvalidSnapshotException(where + ": " + field + ".name is empty");
        }
        if (v.type() != ValueMatch.Type.Present && v.value() == null) {
            throw new InvalidSnapshotException(where + ": " + field + "[" + v.name() + "].value is missing");
        }
        if (v.type() == ValueMatch.Type.RegularExpression) {
            Pattern.compile(v.value());
        }
    }

    /** Header edits the wire cannot carry (a CR/LF in a value, a space in a name) are refused here, not per request. */
    private static void checkHeaders(String where, String field, HeaderModifier modifier) {
        if (modifier == null) {
            return;
        }
        checkHeaders(where, field + ".set", modifier.set());
        checkHeaders(where, field + ".add", modifier.add());
        for (int i = 0; i < modifier.remove().size(); i++) {
            String name = modifier.remove().get(i);
            if (!FieldSyntax.isName(name)) {
                throw new InvalidSnapshotException(where + ": " + field + ".remove[" + i + "] "
                        + FieldSyntax.quoted(name) + NOT_A_NAME);
            }
        }
    }

    private static void checkHeaders(String where, String field, List<HeaderModifier.Header> headers) {
        for (int i = 0; i < headers.size(); i++) {
            HeaderModifier.Header h = headers.get(i);
            if (!FieldSyntax.isName(h.name())) {
                throw new InvalidSnapshotException(where + ": " + field + "[" + i + "].name "
                        + FieldSyntax.quoted(h.name()) + NOT_A_NAME);
            }
            String why = FieldSyntax.whyNotValue(h.value());
            if (why != null) {
                throw new InvalidSnapshotException(
                        where + ": " + field + "[" + i + "].value (" + h.name() + ") " + why);
            }
        }
    }

    private static void validate(String where, Rule rule, ClusterNames clusters) {
        if (rule.isAggregate() == !rule.backends().isEmpty()) {
            throw new InvalidSnapshotException(where + ": exactly one of backends / aggregate must be set");
        }
        for (BackendRef ref : rule.backends()) {
            if (!clusters.contains(ref.cluster())) {
                throw new InvalidSnapshotException(where + ": backends names cluster \"" + ref.cluster()
                        + "\" which is not in the snapshot's clusters");
            }
            if (ref.weight() < 0) {
                throw new InvalidSnapshotException(where + ": backends[" + ref.cluster() + "].weight is negative");
            }
        }
        if (rule.isAggregate()) {
            for (var b : rule.aggregate().backends()) {
                if (!clusters.contains(b.cluster())) {
                    throw new InvalidSnapshotException(where + ": aggregate.backends[" + b.name()
                            + "] names cluster \"" + b.cluster() + "\" which is not in the snapshot's clusters");
                }
            }
        }
    }
}
