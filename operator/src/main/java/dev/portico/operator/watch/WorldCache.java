package dev.portico.operator.watch;

import dev.portico.api.v1alpha1.GatewayRoute;
import dev.portico.api.v1alpha1.RateLimitPolicy;
import dev.portico.operator.resolve.KubernetesObjects;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

import java.util.List;

/**
 * The informer caches translation reads, filled in by the reconcilers as JOSDK asks them for their event
 * sources. Reads never touch the API server.
 */
public final class WorldCache {
    private volatile InformerEventSource<GatewayRoute, ?> routes;
    private volatile InformerEventSource<RateLimitPolicy, ?> policies;
    private volatile InformerEventSource<Service, ?> services;
    private volatile InformerEventSource<EndpointSlice, ?> endpointSlices;
    private volatile InformerEventSource<Secret, ?> secrets;

    void routes(InformerEventSource<GatewayRoute, ?> source) {
        routes = source;
    }

    void policies(InformerEventSource<RateLimitPolicy, ?> source) {
        policies = source;
    }

    void services(InformerEventSource<Service, ?> source) {
        services = source;
    }

    void endpointSlices(InformerEventSource<EndpointSlice, ?> source) {
        endpointSlices = source;
    }

    void secrets(InformerEventSource<Secret, ?> source) {
        secrets = source;
    }

    public KubernetesObjects objects() {
        return new KubernetesObjects(routes(), all(policies), services(), endpointSlices(), all(secrets));
    }

    /** Everything but the routes: the change path keeps those in its own index ({@link ClaimIndex#refresh}). */
    public KubernetesObjects objectsButRoutes() {
        return new KubernetesObjects(List.of(), all(policies), services(), endpointSlices(), all(secrets));
    }

    /** The route as the cache holds it now, or null when there is none. */
    public GatewayRoute route(dev.portico.operator.resolve.ObjectRef ref) {
        InformerEventSource<GatewayRoute, ?> source = routes;
        return source == null ? null
                : source.get(new io.javaoperatorsdk.operator.processing.event.ResourceID(ref.name(), ref.namespace()))
                        .orElse(null);
    }

    public List<GatewayRoute> routes() {
        return all(routes);
    }

    public List<RateLimitPolicy> policies() {
        return all(policies);
    }

    public List<Secret> secrets() {
        return all(secrets);
    }

    public List<Service> services() {
        return all(services);
    }

    public List<EndpointSlice> endpointSlices() {
        return all(endpointSlices);
    }

    private static <R extends HasMetadata> List<R> all(InformerEventSource<R, ?> source) {
        if (source == null) {
            return List.of();
        }
        try {
            return source.list(r -> true).toList();
        } catch (NullPointerException notStartedYet) {
            // JOSDK starts event sources one by one: a mapper may ask before this one has a cache. The
            // whole-world translation after start-up covers whatever this answer misses.
            return List.of();
        }
    }
}
