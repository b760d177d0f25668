package dev.portico.operator.status;

import dev.portico.operator.resolve.ObjectRef;
import dev.portico.operator.stream.PublishedSnapshot;
import dev.portico.operator.translate.PolicyFacts;
import dev.portico.operator.translate.RouteFacts;
import dev.portico.operator.translate.Translation;
import dev.portico.snapshot.Route;

import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest status facts of every GatewayRoute and RateLimitPolicy, and for each route the first version
 * that carried its current content ("since": what data planes must have ACKed for it to be Programmed).
 * Written by the one translation thread, read by reconcilers.
 */
public final class StatusBoard {

    /** A route's facts with the version its current content was first published in (-1: not in a snapshot). */
    public record RouteEntry(RouteFacts facts, Route content, long since) {
    }

    /** What one update changed: the objects whose status must be looked at again. */
    public record Changes(Set<ObjectRef> routes, Set<ObjectRef> policies) {
        public boolean isEmpty() {
            return routes.isEmpty() && policies.isEmpty();
        }
    }

    private final Map<ObjectRef, RouteEntry> routes = new ConcurrentHashMap<>();
    private final Map<ObjectRef, PolicyFacts> policies = new ConcurrentHashMap<>();

    public RouteEntry route(ObjectRef ref) {
        return routes.get(ref);
    }

    public PolicyFacts policy(ObjectRef ref) {
        return policies.get(ref);
    }

    /** Records a whole translation and the group versions it was published as. */
    public synchronized Changes update(Translation translation, Map<String, PublishedSnapshot> latest) {
        Set<ObjectRef> changedRoutes = new HashSet<>();
        for (RouteFacts facts : translation.routes().values()) {
            RouteEntry before = routes.get(facts.route());
            if (before != null && before.facts() == facts && before.since() >= 0) {
                continue; // carried over untouched by a partial translation, content and all: nothing to recheck
            }
            PublishedSnapshot group = latest.get(facts.gateway());
            Route content = group == null ? null
                    : group.snapshot().route(facts.route().namespace(), facts.route().name());
            long since;
            if (content == null) {
                since = -1;
            } else if (before != null && before.since() >= 0 && content.equals(before.content())
                    && facts.gateway().equals(before.facts().gateway())) {
                since = before.since();
            } else {
                since = group.version();
            }
            RouteEntry entry = new RouteEntry(facts, content, since);
            if (before == null || !before.facts().equals(facts) || before.since() != since) {
                changedRoutes.add(facts.route());
            }
            routes.put(facts.route(), entry);
        }
        if (routes.size() != translation.routes().size()) { // every route translated is in: some route went
            routes.keySet().removeIf(ref -> !translation.routes().containsKey(ref));
        }

        Set<ObjectRef> changedPolicies = new HashSet<>();
        for (PolicyFacts facts : translation.policies().values()) {
            PolicyFacts before = policies.put(facts.policy(), facts);
            if (!facts.equals(before) || facts.targetRoutes().stream().anyMatch(changedRoutes::contains)) {
                changedPolicies.add(facts.policy());
            }
        }
        policies.keySet().removeIf(ref -> !translation.policies().containsKey(ref));
        return new Changes(changedRoutes, changedPolicies);
    }

    /** Routes of a group whose readiness on one data plane flips when it moves from serving {@code from} to {@code to}. */
    public Set<ObjectRef> routesBecomingServed(String gateway, long from, long to) {
        Set<ObjectRef> refs = new HashSet<>();
        routes.forEach((ref, e) -> {
            if (gateway.equals(e.facts().gateway()) && e.since() > Math.min(from, to)
                    && e.since() <= Math.max(from, to)) {
                refs.add(ref);
            }
        });
        return refs;
    }

    public Set<ObjectRef> routesOf(String gateway) {
        Set<ObjectRef> refs = new HashSet<>();
        routes.forEach((ref, e) -> {
            if (Objects.equals(gateway, e.facts().gateway())) {
                refs.add(ref);
            }
        });
        return refs;
    }

    /** Policies any of whose target routes is in {@code routeRefs}. */
    public Set<ObjectRef> policiesTargeting(Set<ObjectRef> routeRefs) {
        Set<ObjectRef> refs = new HashSet<>();
        policies.forEach((ref, p) -> {
            if (p.targetRoutes().stream().anyMatch(routeRefs::contains)) {
                refs.add(ref);
            }
        });
        return refs;
    }
}
