package dev.portico.dataplane.routing;

import dev.portico.dataplane.filter.RouteFilter;
import dev.portico.dataplane.filter.RouteFilterFactory;
import dev.portico.snapshot.BackendRef;
import dev.portico.snapshot.MatchPrecedence;
import dev.portico.snapshot.PathMatch;
import dev.portico.snapshot.Route;
import dev.portico.snapshot.RouteMatch;
import dev.portico.snapshot.Rule;
import dev.portico.snapshot.Snapshot;
import dev.portico.snapshot.ValueMatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Validates a snapshot and compiles it into a {@link Router}. Every problem is an
 * {@link InvalidSnapshotException} naming the route, rule and field, so the stream client can NACK.
 */
public final class RouterCompiler {
    private final List<RouteFilterFactory> filterFactories;

    public RouterCompiler(List<RouteFilterFactory> filterFactories) {
        this.filterFactories = List.copyOf(filterFactories);
    }

    public RouterCompiler() {
        this(List.of());
    }

    public Router compile(Snapshot snapshot) {
        Set<String> clusters = snapshot.clustersByName().keySet();
        Map<String, List<CompiledMatch>> exact = new HashMap<>();
        Map<String, List<CompiledMatch>> wildcard = new HashMap<>();
        List<CompiledMatch> any = new ArrayList<>();
        List<CompiledRule> rules = new ArrayList<>();
        for (Route route : snapshot.routes()) {
            for (Rule rule : route.rules()) {
                String where = "route " + route.id() + " rule " + (rule.name() == null ? rule.index() : rule.name());
                validate(where, rule, clusters);
                CompiledRule compiled = new CompiledRule(route.id() + "/" + ruleLabel(rule), route, rule,
                        filtersFor(route, rule, where));
                rules.add(compiled);
                List<RouteMatch> matches = rule.matches().isEmpty()
                        ? List.of(RouteMatch.path(PathMatch.prefix("/"))) : rule.matches();
                for (RouteMatch match : matches) {
                    CompiledMatch cm = compileMatch(where, route, rule, match, compiled);
                    if (route.hosts().isEmpty()) {
                        any.add(cm);
                    }
                    for (String host : route.hosts()) {
                        if (host.startsWith("*.")) {
                            wildcard.computeIfAbsent(host.substring(2), k -> new ArrayList<>()).add(cm);
                        } else {
                            exact.computeIfAbsent(HostNames.canonical(host), k -> new ArrayList<>()).add(cm);
                        }
                    }
                }
            }
        }
        return new Router(snapshot, index(exact), index(wildcard), any.isEmpty() ? null : PathIndex.of(any),
                List.copyOf(rules));
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

    private static Map<String, PathIndex> index(Map<String, List<CompiledMatch>> byHost) {
        Map<String, PathIndex> out = new LinkedHashMap<>();
        byHost.forEach((host, matches) -> out.put(host, PathIndex.of(matches)));
        return Map.copyOf(out);
    }

    private static CompiledMatch compileMatch(String where, Route route, Rule rule, RouteMatch match,
            CompiledRule compiled) {
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
        return new CompiledMatch(new MatchPrecedence.Candidate(route, rule, match), compiled);
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

    private static void validate(String where, Rule rule, Set<String> clusters) {
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
