package dev.portico.operator.watch;

import dev.portico.api.v1alpha1.GatewayRoute;
import dev.portico.operator.resolve.ObjectRef;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The claim keys of each route ({@link AffectedRoutes}), remembered per generation: every change looks at the
 * keys of every route, but only a route whose spec changed needs its keys worked out again. One translation
 * thread uses it.
 */
final class ClaimKeys {
    private record Known(long generation, Set<String> keys) {
    }

    private final Map<ObjectRef, Known> known = new HashMap<>();

    Set<String> of(ObjectRef ref, GatewayRoute route) {
        Long generation = route.getMetadata().getGeneration();
        if (generation == null) {
            return AffectedRoutes.claimKeys(route); // nothing tells a changed spec apart: never remembered
        }
        Known entry = known.get(ref);
        if (entry == null || entry.generation() != generation) {
            entry = new Known(generation, AffectedRoutes.claimKeys(route));
            known.put(ref, entry);
        }
        return entry.keys();
    }

    /** Forgets the routes that no longer exist. */
    void retain(Set<ObjectRef> present) {
        if (known.size() > present.size()) {
            known.keySet().retainAll(present);
        }
    }
}
