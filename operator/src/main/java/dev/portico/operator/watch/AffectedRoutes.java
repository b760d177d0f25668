package dev.portico.operator.watch;

import dev.portico.api.v1alpha1.GatewayRoute;
import dev.portico.api.v1alpha1.PolicyTargetRef;
import dev.portico.api.v1alpha1.RateLimitPolicy;
import dev.portico.operator.resolve.ObjectRef;
import dev.portico.operator.translate.Translation;
import dev.portico.operator.translate.Translator;
import dev.portico.snapshot.Route;
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
 * stays as it was. Routes interact in two ways only: claims on the same (gateway, host) — the older route
 * wins a match, transitively — and RateLimitPolicies, whose facts need all their targets. So the set is
 * closed under "shares a host key with" (current and previous hosts of changed routes) and "shares a policy
 * with".
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
        Map<ObjectRef, GatewayRoute> byRef = new HashMap<>();
        Map<String, Set<ObjectRef>> byHostKey = new HashMap<>();
        for (GatewayRoute route : routes) {
            ObjectRef ref = ObjectRef.of(route);
            byRef.put(ref, route);
            for (String key : hostKeys(route)) {
                byHostKey.computeIfAbsent(key, k -> new HashSet<>()).add(ref);
            }
        }
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
            seedKeys.addAll(previousHostKeys(changed, previous)); // who lost a match to it may win it now
        }
        for (ObjectRef policy : changes.policies()) {
            queue.addAll(targetsByPolicy.getOrDefault(policy, Set.of()));
            var before = previous.policies().get(policy);
            if (before != null) {
                queue.addAll(before.targetRoutes());
            }
        }
        for (GatewayRoute route : routes) {
            ObjectRef ref = ObjectRef.of(route);
            String ns = ref.namespace();
            if (ReferenceIndex.serviceNames(route).stream().anyMatch(s -> changes.services().contains(new ObjectRef(ns, s)))
                    || ReferenceIndex.secretNames(route).stream()
                            .anyMatch(s -> changes.secrets().contains(new ObjectRef(ns, s)))) {
                queue.add(ref);
            }
        }
        seedKeys.forEach(key -> queue.addAll(byHostKey.getOrDefault(key, Set.of())));

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
            GatewayRoute route = byRef.get(ref);
            if (route == null) {
                continue;
            }
            affected.add(ref);
            for (String key : hostKeys(route)) {
                queue.addAll(byHostKey.getOrDefault(key, Set.of()));
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

    private static Set<String> hostKeys(GatewayRoute route) {
        String gateway = route.getSpec() == null || route.getSpec().getGateway() == null
                || route.getSpec().getGateway().isEmpty() ? Translator.DEFAULT_GATEWAY : route.getSpec().getGateway();
        List<String> hosts = route.getSpec() == null || route.getSpec().getHosts() == null ? List.of()
                : route.getSpec().getHosts();
        Set<String> keys = new HashSet<>();
        if (hosts.isEmpty()) {
            keys.add(gateway + "|" + EVERY_HOST);
        }
        hosts.forEach(h -> keys.add(gateway + "|" + h.toLowerCase(Locale.ROOT)));
        return keys;
    }

    private static Set<String> previousHostKeys(ObjectRef ref, Translation previous) {
        var facts = previous.routes().get(ref);
        if (facts == null) {
            return Set.of();
        }
        Snapshot snapshot = previous.snapshots().get(facts.gateway());
        Route route = snapshot == null ? null : snapshot.routesById().get(ref.toString());
        if (route == null) {
            return Set.of(); // served nothing, so claimed nothing
        }
        Set<String> keys = new HashSet<>();
        if (route.hosts().isEmpty()) {
            keys.add(facts.gateway() + "|" + EVERY_HOST);
        }
        route.hosts().forEach(h -> keys.add(facts.gateway() + "|" + h));
        return keys;
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
