package dev.portico.operator.watch;

import dev.portico.api.v1alpha1.GatewayRoute;
import dev.portico.api.v1alpha1.HttpMatch;
import dev.portico.api.v1alpha1.HttpPathMatch;
import dev.portico.api.v1alpha1.PolicyTargetRef;
import dev.portico.api.v1alpha1.RateLimitPolicy;
import dev.portico.api.v1alpha1.RouteRule;
import dev.portico.operator.resolve.ObjectRef;
import dev.portico.operator.translate.Translation;
import dev.portico.operator.translate.Translator;
import dev.portico.snapshot.PathMatch;
import dev.portico.snapshot.Route;
import dev.portico.snapshot.Rule;
import dev.portico.snapshot.Snapshot;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which routes a burst of changes can affect, and so must be translated again; every other route's result
 * stays as it was. Routes interact in two ways only: claims on the same (gateway, host, match) — the older
 * route wins it, transitively — and RateLimitPolicies, whose facts need all their targets. So the set is
 * closed under "shares a claim key with" (current and previous claims of changed routes) and "shares a
 * policy with". A claim key is (gateway, host, path value): coarser than a claim, so every two routes that
 * can collide share one, while routes told apart by their paths (the usual case, even without hosts) never
 * drag each other in.
 */
final class AffectedRoutes {
    /** Routes without hosts claim this key: they answer every host (the translator's convention). */
    private static final String EVERY_HOST = "";

    private AffectedRoutes() {
    }

    /** What changed since the last translation, by kind; deleted objects are included. */
    record Changes(Set<ObjectRef> routes, Set<ObjectRef> policies, Set<ObjectRef> services, Set<ObjectRef> secrets) {
        boolean isEmpty() {
            return routes.isEmpty() && policies.isEmpty() && services.isEmpty() && secrets.isEmpty();
        }
    }

    /**
     * @return the existing routes to translate again (a closed set), together with the policies to translate
     *         with them: every policy targeting one of them
     */
    static Scope of(Changes changes, Collection<GatewayRoute> routes, Collection<RateLimitPolicy> policies,
            Translation previous) {
        ClaimIndex index = new ClaimIndex();
        index.update(routes);
        return of(changes, index, policies, previous);
    }

    /** As {@link #of(Changes, Collection, Collection, Translation)}, with the routes read from an up-to-date index. */
    static Scope of(Changes changes, ClaimIndex index, Collection<RateLimitPolicy> policies, Translation previous) {
        Map<ObjectRef, Set<ObjectRef>> policiesByTarget = new HashMap<>();
        Map<ObjectRef, Set<ObjectRef>> targetsByPolicy = new HashMap<>();
        for (RateLimitPolicy policy : policies) {
            ObjectRef ref = ObjectRef.of(policy);
            Set<ObjectRef> targets = targets(policy);
            var before = previous.policies().get(ref);
            if (before != null && changes.policies().contains(ref)) {
                targets.addAll(before.targetRoutes()); // the routes it no longer targets lose its limits
            }
            targetsByPolicy.put(ref, targets);
            targets.forEach(t -> policiesByTarget.computeIfAbsent(t, k -> new HashSet<>()).add(ref));
        }

        Deque<ObjectRef> queue = new ArrayDeque<>();
        Set<String> seedKeys = new HashSet<>();
        for (ObjectRef changed : changes.routes()) {
            queue.add(changed);
            seedKeys.addAll(previousClaimKeys(changed, previous)); // who lost a match to it may win it now
        }
        for (ObjectRef policy : changes.policies()) {
            queue.addAll(targetsByPolicy.getOrDefault(policy, Set.of()));
            var before = previous.policies().get(policy);
            if (before != null) {
                queue.addAll(before.targetRoutes());
            }
        }
        for (ObjectRef ref : changes.services().isEmpty() && changes.secrets().isEmpty() ? Set.<ObjectRef>of()
                : index.present()) {
            GatewayRoute route = index.route(ref);
            String ns = ref.namespace();
            if (ReferenceIndex.serviceNames(route).stream().anyMatch(s -> changes.services().contains(new ObjectRef(ns, s)))
                    || ReferenceIndex.secretNames(route).stream()
                            .anyMatch(s -> changes.secrets().contains(new ObjectRef(ns, s)))) {
                queue.add(ref);
            }
        }
        seedKeys.forEach(key -> queue.addAll(index.claiming(key)));

        Set<ObjectRef> visited = new HashSet<>();
        Set<ObjectRef> affected = new HashSet<>();
        Set<ObjectRef> withPolicies = new HashSet<>();
        while (!queue.isEmpty()) {
            ObjectRef ref = queue.poll();
            if (!visited.add(ref)) {
                continue;
            }
            // also for a deleted route: the policies naming it now miss a target
            for (ObjectRef policy : policiesByTarget.getOrDefault(ref, Set.of())) {
                withPolicies.add(policy);
                queue.addAll(targetsByPolicy.getOrDefault(policy, Set.of()));
            }
            if (index.route(ref) == null) {
                continue;
            }
            affected.add(ref);
            for (String key : index.keysOf(ref)) {
                queue.addAll(index.claiming(key));
            }
        }
        for (ObjectRef policy : changes.policies()) {
            if (targetsByPolicy.containsKey(policy)) {
                withPolicies.add(policy); // also one that targets nothing that exists: its facts say so
            }
        }
        return new Scope(affected, withPolicies);
    }

    /** The routes and policies to translate again. */
    record Scope(Set<ObjectRef> routes, Set<ObjectRef> policies) {
    }

    static Set<String> claimKeys(GatewayRoute route) {
        var spec = route.getSpec();
        String gateway = spec == null || spec.getGateway() == null || spec.getGateway().isEmpty()
                ? Translator.DEFAULT_GATEWAY : spec.getGateway();
        List<String> hosts = spec == null || spec.getHosts() == null ? List.of() : spec.getHosts();
        Set<String> paths = new HashSet<>();
        for (RouteRule rule : spec == null || spec.getRules() == null ? List.<RouteRule>of() : spec.getRules()) {
            if (rule == null || rule.getMatches() == null || rule.getMatches().isEmpty()) {
                paths.add("/"); // the translator's default match
                continue;
            }
            for (HttpMatch match : rule.getMatches()) {
                HttpPathMatch path = match == null ? null : match.getPath();
                paths.add(path == null ? "/" : new PathMatch(path.getType() == null ? null
                        : PathMatch.Type.valueOf(path.getType().name()), path.getValue()).value());
            }
        }
        Set<String> keys = new HashSet<>();
        for (String host : hosts.isEmpty() ? List.of(EVERY_HOST) : hosts) {
            String hostKey = host == null ? EVERY_HOST : host.toLowerCase(Locale.ROOT);
            paths.forEach(path -> keys.add(claimKey(gateway, hostKey, path)));
        }
        return keys;
    }

    private static Set<String> previousClaimKeys(ObjectRef ref, Translation previous) {
        var facts = previous.routes().get(ref);
        if (facts == null) {
            return Set.of();
        }
        Snapshot snapshot = previous.snapshots().get(facts.gateway());
        Route route = snapshot == null ? null : snapshot.route(ref.namespace(), ref.name());
        if (route == null) {
            return Set.of(); // served nothing, so claimed nothing
        }
        Set<String> keys = new HashSet<>();
        for (String host : route.hosts().isEmpty() ? List.of(EVERY_HOST) : route.hosts()) {
            for (Rule rule : route.rules()) {
                rule.matches().forEach(m -> keys.add(claimKey(facts.gateway(), host, m.path().value())));
            }
        }
        return keys;
    }

    private static String claimKey(String gateway, String host, String path) {
        return gateway + "|" + host + "|" + path;
    }

    private static Set<ObjectRef> targets(RateLimitPolicy policy) {
        Set<ObjectRef> targets = new HashSet<>();
        if (policy.getSpec() != null && policy.getSpec().getTargetRefs() != null) {
            for (PolicyTargetRef target : policy.getSpec().getTargetRefs()) {
                if (target.getName() != null) {
                    targets.add(new ObjectRef(policy.getMetadata().getNamespace(), target.getName()));
                }
            }
        }
        return targets;
    }
}
