package dev.portico.operator.resolve;

import dev.portico.api.v1alpha1.GatewayRoute;
import dev.portico.api.v1alpha1.RateLimitPolicy;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;

import java.util.List;

/** The objects one resolution reads, as the watch layer's caches hold them. They are read, never written. */
public record KubernetesObjects(List<GatewayRoute> routes, List<RateLimitPolicy> policies, List<Service> services,
        List<EndpointSlice> endpointSlices, List<Secret> secrets) {

    public KubernetesObjects {
        routes = List.copyOf(routes);
        policies = List.copyOf(policies);
        services = List.copyOf(services);
        endpointSlices = List.copyOf(endpointSlices);
        secrets = List.copyOf(secrets);
    }
}
