package dev.portico.operator.translate;

import dev.portico.api.v1alpha1.GatewayRoute;
import dev.portico.api.v1alpha1.GatewayRouteSpec;
import dev.portico.api.v1alpha1.RateLimitPolicy;
import dev.portico.api.v1alpha1.RouteRule;
import dev.portico.operator.resolve.KubernetesObjects;
import dev.portico.operator.resolve.ObjectRef;
import dev.portico.operator.resolve.ReferenceResolver;
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
import java.util.Objects;
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

    /**
     * The translation of {@code world}, where an object whose current generation is refused is served as its
     * last accepted generation in {@code lastAccepted} (resolved against {@code world}), or not at all.
     */
    public static Translation translate(KubernetesObjects world, LastAccepted lastAccepted) {
        List<GatewayRoute> olderRoutes = world.routes().stream().map(lastAccepted::routeBefore)
                .filter(Objects::nonNull).toList();
        List<RateLimitPolicy> olderPolicies = world.policies().stream().map(lastAccepted::policyBefore)
                .filter(Objects::nonNull).toList();
        return translate(ReferenceResolver.resolve(world, olderRoutes, olderPolicies));
    }

    public static Translation translate(ResolvedModel model) {
        Map<RuleKey, List<RateLimit>> limitsByRule = new HashMap<>();
        List<Runnable> policyFactsOnceRoutesAre = new ArrayList<>(); // a policy's gateways are its routes' served ones
        Map<ObjectRef, PolicyFacts> policyFacts = new TreeMap<>();
        Map<ObjectRef, RouteFacts> routeFacts = new TreeMap<>();
        for (ResolvedPolicy policy : model.policies()) {
            LimitCompiler.CompiledLimits compiled = LimitCompiler.compile(policy);
            // a refused generation contributes nothing; the last accepted one, if known, is enforced whole instead
            ResolvedPolicy served = compiled.problems().isEmpty() ? policy : model.lastAcceptedPolicies().get(policy.ref());
            if (served != null) {
                List<RateLimit> limits = served == policy ? compiled.limits() : LimitCompiler.compile(served).limits();
                for (ResolvedPolicy.Target target : served.targets()) {
                    limitsByRule.computeIfAbsent(new RuleKey(target.route(), target.ruleIndex()), k -> new ArrayList<>())
                            .addAll(limits);
                }
            }
            policyFactsOnceRoutesAre.add(() -> policyFacts.put(policy.ref(),
                    policyFacts(policy, served, compiled, routeFacts)));
        }

        List<ResolvedRoute> oldestFirst = model.routes().stream().map(r -> Map.entry(age(r), r))
                .sorted(Map.Entry.comparingByKey(RouteAge.OLDEST_FIRST)).map(Map.Entry::getValue).toList();
        ClaimTable claims = new ClaimTable();
        Map<String, List<Route>> routesByGateway = new TreeMap<>();
        Map<String, Map<String, Cluster>> clustersByGateway = new TreeMap<>();
        for (ResolvedRoute resolved : oldestFirst) {
            CompiledRoute current = compile(resolved);
            ResolvedRoute lastAccepted = RouteStatusFacts.refused(current.problems())
                    ? model.lastAcceptedRoutes().get(resolved.ref()) : null;
            String gateway = gatewayOf(lastAccepted != null ? lastAccepted : resolved); // the group that serves it
            routesByGateway.computeIfAbsent(gateway, g -> new ArrayList<>());
            Map<String, Cluster> clusters = clustersByGateway.computeIfAbsent(gateway, g -> new TreeMap<>());
            RouteOutcome outcome = translateRoute(resolved, current, lastAccepted, gateway, claims, limitsByRule);
            if (outcome.route() != null) {
                routesByGateway.get(gateway).add(outcome.route());
                outcome.clusters().forEach(name -> clusters.put(name, outcome.servedFrom().clusters().get(name)));
            }
            routeFacts.put(resolved.ref(), RouteStatusFacts.of(resolved, gateway, outcome.problems(),
                    outcome.served(), outcome.route() != null, outcome.servedGeneration(), outcome.servedFrom()));
        }
        policyFactsOnceRoutesAre.forEach(Runnable::run);

        Map<String, Snapshot> snapshots = new TreeMap<>();
        routesByGateway.forEach((gateway, routes) -> snapshots.put(gateway,
                new Snapshot(gateway, 0, routes, List.copyOf(clustersByGateway.get(gateway).values()))));
        return new Translation(snapshots, routeFacts, policyFacts);
    }

    /** A rule of a route, or the whole route when {@code index} is {@link ResolvedPolicy.Target#WHOLE_ROUTE}. */
    private record RuleKey(ObjectRef route, int index) {
    }

    /**
     * @param servedFrom       the generation served (the current one or the last accepted), null when none is
     * @param problems         what the Accepted condition reports: the current generation's problems
     * @param servedGeneration -1 when nothing of the route is served
     */
    private record RouteOutcome(Route route, ResolvedRoute servedFrom, List<SpecProblem> problems,
            List<ServedRule> served, Set<String> clusters, long servedGeneration) {
    }

    /** A route's own spec checked and compiled, before claims and limits (which depend on other objects). */
    private record CompiledRoute(ResolvedRoute resolved, Auth auth, Cors cors, List<String> hosts,
            List<RuleCompiler.CompiledRule> rules, List<SpecProblem> problems) {
    }

    private record ServedRules(Route route, List<SpecProblem> conflicts, List<ServedRule> served, Set<String> clusters) {
    }

    /** @param lastAccepted the generation to serve should {@code current} be refused; null when none is known */
    private static RouteOutcome translateRoute(ResolvedRoute resolved, CompiledRoute current, ResolvedRoute lastAccepted,
            String gateway, ClaimTable claims, Map<RuleKey, List<RateLimit>> limitsByRule) {
        if (!RouteStatusFacts.refused(current.problems())) {
            ServedRules served = serve(current, resolved, gateway, claims, limitsByRule);
            return new RouteOutcome(served.route(), resolved, served.conflicts(), served.served(), served.clusters(),
                    resolved.generation());
        }
        // a refused generation is served not at all, not even its valid rules: the last accepted one is, whole
        CompiledRoute before = lastAccepted == null ? null : compile(lastAccepted);
        if (before == null || RouteStatusFacts.refused(before.problems())) {
            return new RouteOutcome(null, null, current.problems(), List.of(), Set.of(), -1);
        }
        ServedRules served = serve(before, resolved, gateway, claims, limitsByRule);
        return new RouteOutcome(served.route(), lastAccepted, current.problems(), served.served(), served.clusters(),
                lastAccepted.generation());
    }

    private static CompiledRoute compile(ResolvedRoute resolved) {
        GatewayRouteSpec spec = resolved.route().getSpec();
        List<SpecProblem> problems = new ArrayList<>();
        if (spec == null || spec.getRules() == null || spec.getRules().isEmpty()) {
            problems.add(SpecProblem.invalid("spec.rules", "needs at least one rule"));
            return new CompiledRoute(resolved, null, null, List.of(), List.of(), problems);
        }
        Auth auth = AuthCompiler.compile(resolved, problems);
        Cors cors = CorsCompiler.compile(spec.getCors(), problems);
        List<String> hosts = spec.getHosts() == null ? List.of()
                : new ArrayList<>(new TreeSet<>(spec.getHosts().stream().map(h -> h.toLowerCase(Locale.ROOT)).toList()));
        List<RuleCompiler.CompiledRule> rules = new ArrayList<>();
        Set<String> ruleNames = new HashSet<>();
        for (int i = 0; i < spec.getRules().size(); i++) {
            RouteRule ruleSpec = spec.getRules().get(i);
            RuleCompiler.CompiledRule compiled = RuleCompiler.compile(resolved.ref().namespace(), i, ruleSpec);
            problems.addAll(compiled.problems());
            if (ruleSpec.getName() != null && !ruleNames.add(ruleSpec.getName())) {
                problems.add(SpecProblem.invalid("spec.rules[" + i + "].name", "duplicate rule name " + ruleSpec.getName()));
            }
            rules.add(compiled);
        }
        return new CompiledRoute(resolved, auth, cors, hosts, rules, problems);
    }

    /**
     * The rules of an accepted generation that no older route claims already, with their limits.
     *
     * @param current the route's current generation: policies name rules by their index in it
     */
    private static ServedRules serve(CompiledRoute compiled, ResolvedRoute current, String gateway, ClaimTable claims,
            Map<RuleKey, List<RateLimit>> limitsByRule) {
        ObjectRef ref = current.ref();
        List<SpecProblem> conflicts = new ArrayList<>();
        List<Rule> rules = new ArrayList<>();
        List<ServedRule> served = new ArrayList<>();
        Set<String> clusters = new TreeSet<>();
        List<RateLimit> routeLimits = limitsByRule.getOrDefault(new RuleKey(ref, ResolvedPolicy.Target.WHOLE_ROUTE), List.of());
        for (RuleCompiler.CompiledRule rule : compiled.rules()) {
            int i = rule.index();
            ClaimTable.Collision collision = claims.collision(ref, gateway, compiled.hosts(), rule.rule().matches());
            if (collision != null) {
                conflicts.add(new SpecProblem("spec.rules[" + i + "]", SpecProblem.CONFLICT, collision.describe()));
                continue;
            }
            claims.claim(ref, gateway, compiled.hosts(), rule.rule().matches());
            List<RateLimit> limits = new ArrayList<>(routeLimits);
            limits.addAll(limitsByRule.getOrDefault(new RuleKey(ref, indexIn(current, compiled.resolved(), i)), List.of()));
            rules.add(withRateLimits(rule.rule(), limits));
            served.add(new ServedRule(i, rule.rule().name()));
            clusters.addAll(rule.clusters());
        }
        ResolvedRoute from = compiled.resolved();
        Route route = rules.isEmpty() ? null : new Route(ref.namespace(), ref.name(), from.generation(),
                from.creationTimestamp(), compiled.hosts(), compiled.auth(), compiled.cors(), rules);
        return new ServedRules(route, conflicts, served, clusters);
    }

    /** The index in {@code current}'s rules of rule {@code index} of {@code served}: the same, or by name. */
    private static int indexIn(ResolvedRoute current, ResolvedRoute served, int index) {
        if (current == served) {
            return index;
        }
        String name = served.route().getSpec().getRules().get(index).getName();
        List<RouteRule> rules = current.route().getSpec() == null || current.route().getSpec().getRules() == null
                ? List.of() : current.route().getSpec().getRules();
        for (int i = 0; name != null && i < rules.size(); i++) {
            if (name.equals(rules.get(i).getName())) {
                return i;
            }
        }
        return Integer.MIN_VALUE; // no rule of that name now: no policy can target it
    }

    private static Rule withRateLimits(Rule r, List<RateLimit> limits) {
        if (limits.isEmpty()) {
            return r;
        }
        return new Rule(r.name(), r.index(), r.matches(), r.backends(), r.aggregate(), r.rewrite(), r.requestHeaders(),
                r.responseHeaders(), r.timeoutMs(), r.retries(), r.loadBalancer(), limits.stream().distinct().toList(),
                r.maxBodyBytes());
    }

    /** @param served the generation whose limits are attached (the current one or the last accepted); null: none */
    private static PolicyFacts policyFacts(ResolvedPolicy policy, ResolvedPolicy served,
            LimitCompiler.CompiledLimits compiled, Map<ObjectRef, RouteFacts> routes) {
        List<ObjectRef> targetRoutes = (served == null ? policy : served).targets().stream()
                .map(ResolvedPolicy.Target::route).distinct().sorted().toList();
        List<String> gateways = targetRoutes.stream().map(r -> routes.get(r).gateway()).distinct().sorted().toList();
        return new PolicyFacts(policy.ref(), policy.generation(),
                RouteStatusFacts.accepted(compiled.problems()),
                RouteStatusFacts.resolvedRefs(policy.problems()), targetRoutes, gateways,
                served == null ? -1 : served.generation(),
                served != null && served != policy ? served.policy().getSpec() : null);
    }

    static String gatewayOf(ResolvedRoute route) {
        GatewayRouteSpec spec = route.route().getSpec();
        return spec == null || spec.getGateway() == null || spec.getGateway().isEmpty() ? DEFAULT_GATEWAY : spec.getGateway();
    }

    private static RouteAge age(ResolvedRoute route) {
        return new RouteAge(route.ref(), route.creationTimestamp());
    }
}
