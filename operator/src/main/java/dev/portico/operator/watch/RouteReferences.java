package dev.portico.operator.watch;

import dev.portico.api.v1alpha1.GatewayRoute;
import dev.portico.operator.resolve.ObjectRef;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Services and Secrets each route names, remembered per generation: an EndpointSlice event asks every
 * route whether it names the slice's Service, and with thousands of routes and busy endpoints that question
 * must not re-read every spec. Informer threads share it.
 */
final class RouteReferences {
    record Names(long generation, Set<String> services, Set<String> secrets) {
    }

    private final Map<ObjectRef, Names> known = new ConcurrentHashMap<>();

    Names of(GatewayRoute route) {
        ObjectRef ref = ObjectRef.of(route);
        Long generation = route.getMetadata().getGeneration();
        Names names = known.get(ref);
        if (names == null || generation == null || names.generation() != generation) {
            names = new Names(generation == null ? -1 : generation, ReferenceIndex.serviceNames(route),
                    ReferenceIndex.secretNames(route));
            if (generation != null) {
                known.put(ref, names);
            }
        }
        return names;
    }

    /** Forgets deleted routes once they make up half of what is remembered. */
    void retain(Collection<GatewayRoute> routes) {
        if (known.size() > 2 * routes.size() + 64) {
            Set<ObjectRef> present = new HashSet<>();
            routes.forEach(r -> present.add(ObjectRef.of(r)));
            known.keySet().retainAll(present);
        }
    }
}
