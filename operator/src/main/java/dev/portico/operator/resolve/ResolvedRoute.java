package dev.portico.operator.resolve;

import dev.portico.api.v1alpha1.GatewayRoute;
import dev.portico.snapshot.Cluster;

import java.util.List;
import java.util.Map;

/**
 * A GatewayRoute with every reference looked up.
 *
 * @param route    the object as read (never written); its spec is validated by translation
 * @param clusters every Service port the spec names, by {@link Cluster#name()}; a missing Service is a
 *                 cluster with {@code serviceExists=false}
 * @param jwks     the JWK Set of {@code spec.auth.jwt.jwks.secretRef}; null when the route names none
 * @param apiKeys  the hashed keys of {@code spec.auth.apiKeys.secretRef}; null when the route names none
 * @param problems unresolved references in spec order, for {@code ResolvedRefs}
 */
public record ResolvedRoute(ObjectRef ref, GatewayRoute route, Map<String, Cluster> clusters,
        AuthSecrets.Jwks jwks, AuthSecrets.ApiKeys apiKeys, List<RefProblem> problems) {

    public ResolvedRoute {
        clusters = Map.copyOf(clusters);
        problems = List.copyOf(problems);
    }

    public long generation() {
        Long generation = route.getMetadata().getGeneration();
        return generation == null ? 0 : generation;
    }

    public String creationTimestamp() {
        return route.getMetadata().getCreationTimestamp();
    }
}
