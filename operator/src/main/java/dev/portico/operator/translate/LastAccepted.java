package dev.portico.operator.translate;

import dev.portico.api.v1alpha1.GatewayRoute;
import dev.portico.api.v1alpha1.RateLimitPolicy;
import dev.portico.operator.resolve.ObjectRef;
import dev.portico.api.v1alpha1.LastAcceptedPolicy;
import dev.portico.api.v1alpha1.LastAcceptedRoute;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The last generation of each GatewayRoute and RateLimitPolicy whose spec translation accepted, kept so that
 * an object whose current generation it refuses (Invalid, UnsupportedValue) is served as it was then, whole,
 * instead of partly or not at all. Keyed by namespace/name, valid for one uid only (a new uid is a new object).
 * Kept in memory, and in each such object's status ({@code status.lastAccepted}, written by the status
 * reconcilers): a restarted operator, or a new leader, {@link #seed seeds} the store from there, so it serves
 * the same generation. Written by the one translation thread; translation only reads.
 */
public final class LastAccepted {
    private final Map<ObjectRef, GatewayRoute> routes = new HashMap<>();
    private final Map<ObjectRef, RateLimitPolicy> policies = new HashMap<>();

    /** The last accepted version of {@code current}'s object when it is an older generation of it; else null. */
    public GatewayRoute routeBefore(GatewayRoute current) {
        return before(routes.get(ObjectRef.of(current)), current);
    }

    /** As {@link #routeBefore} for a RateLimitPolicy. */
    public RateLimitPolicy policyBefore(RateLimitPolicy current) {
        return before(policies.get(ObjectRef.of(current)), current);
    }

    /**
     * Takes in the verdicts of {@code translation}: an object it served at its current generation is remembered
     * as that; one gone from it, or recreated under a new uid and not accepted, is forgotten.
     *
     * @param currentRoute   the route object {@code translation} read, by ref (null when gone)
     * @param currentPolicy  the same for policies
     */
    public void remember(Translation translation, Function<ObjectRef, GatewayRoute> currentRoute,
            Function<ObjectRef, RateLimitPolicy> currentPolicy) {
        routes.keySet().removeIf(ref -> !translation.routes().containsKey(ref));
        policies.keySet().removeIf(ref -> !translation.policies().containsKey(ref));
        translation.routes().forEach((ref, facts) ->
                remember(routes, ref, facts.generation(), facts.servedGeneration(), currentRoute));
        translation.policies().forEach((ref, facts) ->
                remember(policies, ref, facts.generation(), facts.servedGeneration(), currentPolicy));
    }

    /**
     * Takes in, for each object not remembered under its uid, the generation its status says is served in place
     * of its refused current one ({@code status.lastAccepted}, older than {@code metadata.generation}): what an
     * operator before this one served, say before a restart or a leader change. Call before translating the
     * objects; objects the store knows keep what it knows.
     */
    public void seed(Collection<GatewayRoute> currentRoutes, Collection<RateLimitPolicy> currentPolicies) {
        for (GatewayRoute route : currentRoutes) {
            LastAcceptedRoute saved = route.getStatus() == null ? null : route.getStatus().getLastAccepted();
            if (saved != null) {
                seed(routes, route, saved.getGeneration(), saved.getSpec(), GatewayRoute::new);
            }
        }
        for (RateLimitPolicy policy : currentPolicies) {
            LastAcceptedPolicy saved = policy.getStatus() == null ? null : policy.getStatus().getLastAccepted();
            if (saved != null) {
                seed(policies, policy, saved.getGeneration(), saved.getSpec(), RateLimitPolicy::new);
            }
        }
    }

    /** Remembers {@code current} as it was at {@code savedGeneration}, unless the store knows better (see seed). */
    private static <S, T extends CustomResource<S, ?>> void seed(Map<ObjectRef, T> store, T current,
            Long savedGeneration, S savedSpec, Supplier<T> blank) {
        if (unknown(store, current, savedGeneration, savedSpec)) {
            T older = blank.get();
            older.setMetadata(withGeneration(current, savedGeneration));
            older.setSpec(savedSpec);
            store.put(ObjectRef.of(current), older);
        }
    }

    /** How many objects are remembered, for tests. */
    public int size() {
        return routes.size() + policies.size();
    }

    private static <T extends HasMetadata> void remember(Map<ObjectRef, T> store, ObjectRef ref, long generation,
            long servedGeneration, Function<ObjectRef, T> current) {
        T stored = store.get(ref);
        T now = current.apply(ref);
        if (now == null || generation(now) != generation) {
            return; // the facts are not of the object at hand (cannot happen on one thread): leave the store alone
        }
        if (servedGeneration == generation) {
            store.put(ref, now);
        } else if (stored != null && !sameObject(stored, now)) {
            store.remove(ref);
        }
    }

    /** Whether {@code saved} is worth seeding: a spec of an older generation of an object not known by uid. */
    private static <T extends HasMetadata> boolean unknown(Map<ObjectRef, T> store, T current, Long savedGeneration,
            Object savedSpec) {
        if (savedGeneration == null || savedSpec == null || savedGeneration >= generation(current)) {
            return false;
        }
        T stored = store.get(ObjectRef.of(current));
        return stored == null || !sameObject(stored, current);
    }

    private static ObjectMeta withGeneration(HasMetadata current, long generation) {
        return new ObjectMetaBuilder(current.getMetadata()).withGeneration(generation).build();
    }

    private static <T extends HasMetadata> T before(T stored, T current) {
        if (stored == null || !sameObject(stored, current) || generation(stored) == generation(current)) {
            return null;
        }
        return stored;
    }

    private static boolean sameObject(HasMetadata a, HasMetadata b) {
        return Objects.equals(a.getMetadata().getUid(), b.getMetadata().getUid());
    }

    static long generation(HasMetadata object) {
        Long generation = object.getMetadata().getGeneration();
        return generation == null ? 0 : generation;
    }
}
