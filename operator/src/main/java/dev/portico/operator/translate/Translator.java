package dev.portico.operator.translate;

import dev.portico.api.v1alpha1.GatewayRouteSpec;
import dev.portico.api.v1alpha1.RouteRule;
import dev.portico.operator.resolve.ObjectRef;
import dev.portico.operator.resolve.ResolvedModel;
import dev.portico.operator.resolve.ResolvedPolicy;
import dev.portico.operator.resolve.ResolvedRoute;
import dev.portico.snapshot.Auth;
import dev.portico.snapshot.Cluster;
import dev.portico.snapshot.Cors;
import dev.portico.snapshot.RateLimit;
import dev.portico.snapshot.Route;
import dev.portico.snapshot.Rule;
import dev.portico.snapshot.Snapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Translate: {@link ResolvedModel} → {@link Translation}. A pure function: same model, same translation.
 * Routes are taken oldest first so that the older of two routes claiming one host + match keeps it.
 */
public final class Translator {

    public static final String DEFAULT_GATEWAY = "default";

    private Translator() {
    }

    public static Translation translate(ResolvedModel model) {
        Map<ObjectRef, ResolvedRoute> routesByRef = new HashMap<>();
        model.routes().forEach(r -> routesByRef.put(r.ref(), r));

        Map<RuleKey, List<RateLimit>> limitsByRule = new HashMap<>();
        Map<ObjectRef, PolicyFacts> policyFacts = new TreeMap<>();
        for (ResolvedPolicy policy : model.policies()) {
            LimitCompiler.CompiledLimits compiled = LimitCompiler.compile(policy);
            for (ResolvedPolicy.Target target : policy.targets()) {
                limitsByRule.computeIfAbsent(new RuleKey(target.route(), target.ruleIndex()), k -> new ArrayList<>())
                        .addAll(compiled.limits());
            }
            policyFacts.put(policy.ref(), policyFacts(policy, compiled, routesByRef));
        }

        List<ResolvedRoute> oldestFirst = model.routes().stream().map(r -> Map.entry(age(r), r))
                .sorted(Map.Entry.comparingByKey(RouteAge.OLDEST_FIRST)).map(Map.Entry::getValue).toList();
        ClaimTable claims = new ClaimTable();
        Map<String, List<Route>> routesByGateway = new TreeMap<>();
        Map<String, Map<String, Cluster>> clustersByGateway = new TreeMap<>();
        Map<ObjectRef, RouteFacts> routeFacts = new TreeMap<>();
        for (ResolvedRoute resolved : oldestFirst) {
            String gateway = gatewayOf(resolved);
            routesByGateway.computeIfAbsent(gateway, g -> new ArrayList<>());
            Map<String, Cluster> clusters = clustersByGateway.computeIfAbsent(gateway, g -> new TreeMap<>());
            RouteOutcome outcome = translateRoute(resolved, gateway, claims, limitsByRule);
            if (outcome.route() != null) {
                routesByGateway.get(gateway).add(outcome.route());
                outcome.clusters().forEach(name -> clusters.put(name, resolved.clusters().get(name)));
            }
            routeFacts.put(resolved.ref(), RouteStatusFacts.of(resolved, gateway, outcome.problems(),
                    outcome.served(), outcome.route() != null));
        }

        Map<String, Snapshot> snapshots = new TreeMap<>();
        routesByGateway.forEach((gateway, routes) -> snapshots.put(gateway,
                new Snapshot(gateway, 0, routes, List.copyOf(clustersByGateway.get(gateway).values()))));
        return new Translation(snapshots, routeFacts, policyFacts);
    }

    /** A rule of a route, or the whole route when {@code index} is {@link ResolvedPolicy.Target#WHOLE_ROUTE}. */
    private record RuleKey(ObjectRef route, int index) {
    }

    private record RouteOutcome(Route route, List<SpecProblem> problems, List<ServedRule> served, Set<String> clusters) {
    }

    private static RouteOutcome translateRoute(ResolvedRoute resolved, String gateway, ClaimTable claims,
            Map<RuleKey, List<RateLimit>> limitsByRule) {
        GatewayRouteSpec spec = resolved.route().getSpec();
        List<SpecProblem> problems = new ArrayList<>();
        if (spec == null || spec.getRules() == null || spec.getRules().isEmpty()) {
            problems.add(SpecProblem.invalid("spec.rules", "needs at least one rule"));
            return new RouteOutcome(null, problems, List.of(), Set.of());
        }
        Auth auth = AuthCompiler.compile(resolved, problems);
        Cors cors = CorsCompiler.compile(spec.getCors(), problems);
        // Without its authentication, or with CORS other than asked for, the route cannot be served as its owner
        // meant: every rule stays out.
        boolean routeFieldsValid = problems.isEmpty();
        List<String> hosts = spec.getHosts() == null ? List.of()
                : new ArrayList<>(new TreeSet<>(spec.getHosts().stream().map(h -> h.toLowerCase(Locale.ROOT)).toList()));

        List<Rule> rules = new ArrayList<>();
        List<ServedRule> served = new ArrayList<>();
        Set<String> clusters = new TreeSet<>();
        Set<String> ruleNames = new HashSet<>();
        List<RateLimit> routeLimits = limitsByRule.getOrDefault(new RuleKey(resolved.ref(), ResolvedPolicy.Target.WHOLE_ROUTE), List.of());
        for (int i = 0; i < spec.getRules().size(); i++) {
            RouteRule ruleSpec = spec.getRules().get(i);
            RuleCompiler.CompiledRule compiled = RuleCompiler.compile(resolved.ref().namespace(), i, ruleSpec);
            problems.addAll(compiled.problems());
            if (ruleSpec.getName() != null && !ruleNames.add(ruleSpec.getName())) {
                problems.add(SpecProblem.invalid("spec.rules[" + i + "].name", "duplicate rule name " + ruleSpec.getName()));
                continue;
            }
            if (!compiled.valid() || !routeFieldsValid) {
                continue;
            }
            ClaimTable.Collision collision = claims.collision(resolved.ref(), gateway, hosts, compiled.rule().matches());
            if (collision != null) {
                problems.add(new SpecProblem("spec.rules[" + i + "]", SpecProblem.CONFLICT, collision.describe()));
                continue;
            }
            claims.claim(resolved.ref(), gateway, hosts, compiled.rule().matches());
            List<RateLimit> limits = new ArrayList<>(routeLimits);
            limits.addAll(limitsByRule.getOrDefault(new RuleKey(resolved.ref(), i), List.of()));
            rules.add(withRateLimits(compiled.rule(), limits));
            served.add(new ServedRule(i, ruleSpec.getName()));
            clusters.addAll(compiled.clusters());
        }
        Route route = rules.isEmpty() ? null : new Route(resolved.ref().namespace(), resolved.ref().name(),
                resolved.generation(), resolved.creationTimestamp(), hosts, auth, cors, rules);
        return new RouteOutcome(route, problems, served, clusters);
    }

    private static Rule withRateLimits(Rule r, List<RateLimit> limits) {
        if (limits.isEmpty()) {
            return r;
        }
        return new Rule(r.name(), r.index(), r.matches(), r.backends(), r.aggregate(), r.rewrite(), r.requestHeaders(),
                r.responseHeaders(), r.timeoutMs(), r.retries(), r.loadBalancer(), limits.stream().distinct().toList(),
                r.maxBodyBytes());
    }

    private static PolicyFacts policyFacts(ResolvedPolicy policy, LimitCompiler.CompiledLimits compiled,
            Map<ObjectRef, ResolvedRoute> routes) {
        List<ObjectRef> targetRoutes = policy.targets().stream().map(ResolvedPolicy.Target::route).distinct().sorted().toList();
        List<String> gateways = targetRoutes.stream().map(r -> gatewayOf(routes.get(r))).distinct().sorted().toList();
        return new PolicyFacts(policy.ref(), policy.generation(),
                RouteStatusFacts.accepted(compiled.problems()),
                RouteStatusFacts.resolvedRefs(policy.problems()), targetRoutes, gateways);
    }

    static String gatewayOf(ResolvedRoute route) {
        GatewayRouteSpec spec = route.route().getSpec();
        return spec == null || spec.getGateway() == null || spec.getGateway().isEmpty() ? DEFAULT_GATEWAY : spec.getGateway();
    }

    private static RouteAge age(ResolvedRoute route) {
        return new RouteAge(route.ref(), route.creationTimestamp());
    }
}
