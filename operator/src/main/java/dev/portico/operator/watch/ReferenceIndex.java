package dev.portico.operator.watch;

import dev.portico.api.v1alpha1.AggregateBackend;
import dev.portico.api.v1alpha1.GatewayRoute;
import dev.portico.api.v1alpha1.PolicyTargetRef;
import dev.portico.api.v1alpha1.RateLimitPolicy;
import dev.portico.api.v1alpha1.RouteAuth;
import dev.portico.api.v1alpha1.RouteRule;
import dev.portico.api.v1alpha1.WeightedBackend;
import dev.portico.operator.resolve.ObjectRef;
import dev.portico.operator.resolve.ServiceEndpoints;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The secondary → primary mappers: which GatewayRoutes a Service, EndpointSlice or Secret matters to, and
 * which RateLimitPolicies a GatewayRoute matters to. Answered from the caches' current specs.
 */
final class ReferenceIndex {
    private final Supplier<Collection<GatewayRoute>> routes;
    private final Supplier<Collection<RateLimitPolicy>> policies;
    private final RouteReferences references = new RouteReferences();

    ReferenceIndex(Supplier<Collection<GatewayRoute>> routes, Supplier<Collection<RateLimitPolicy>> policies) {
        this.routes = routes;
        this.policies = policies;
    }

    Set<ResourceID> routesNamingService(Service service) {
        return routesNaming(service.getMetadata().getNamespace(), service.getMetadata().getName());
    }

    Set<ResourceID> routesNamingSliceService(EndpointSlice slice) {
        ObjectRef service = ServiceEndpoints.serviceOf(slice);
        return service == null ? Set.of() : routesNaming(service.namespace(), service.name());
    }

    Set<ResourceID> routesNamingSecret(Secret secret) {
        String ns = secret.getMetadata().getNamespace();
        String name = secret.getMetadata().getName();
        Set<ResourceID> ids = new HashSet<>();
        Collection<GatewayRoute> all = routes.get();
        for (GatewayRoute route : all) {
            if (ns.equals(route.getMetadata().getNamespace()) && references.of(route).secrets().contains(name)) {
                ids.add(ResourceID.fromResource(route));
            }
        }
        references.retain(all);
        return ids;
    }

    Set<ResourceID> routesTargetedBy(RateLimitPolicy policy) {
        Set<ResourceID> ids = new HashSet<>();
        if (policy.getSpec() != null && policy.getSpec().getTargetRefs() != null) {
            for (PolicyTargetRef target : policy.getSpec().getTargetRefs()) {
                if (target.getName() != null) {
                    ids.add(new ResourceID(target.getName(), policy.getMetadata().getNamespace()));
                }
            }
        }
        return ids;
    }

    Set<ResourceID> policiesTargeting(GatewayRoute route) {
        Set<ResourceID> ids = new HashSet<>();
        ResourceID routeId = ResourceID.fromResource(route);
        for (RateLimitPolicy policy : policies.get()) {
            if (Objects.equals(policy.getMetadata().getNamespace(), route.getMetadata().getNamespace())
                    && routesTargetedBy(policy).contains(routeId)) {
                ids.add(ResourceID.fromResource(policy));
            }
        }
        return ids;
    }

    private Set<ResourceID> routesNaming(String ns, String service) {
        Set<ResourceID> ids = new HashSet<>();
        Collection<GatewayRoute> all = routes.get();
        for (GatewayRoute route : all) {
            if (ns.equals(route.getMetadata().getNamespace()) && references.of(route).services().contains(service)) {
                ids.add(ResourceID.fromResource(route));
            }
        }
        references.retain(all);
        return ids;
    }

    static Set<String> serviceNames(GatewayRoute route) {
        Set<String> names = new HashSet<>();
        for (RouteRule rule : rules(route)) {
            if (rule.getBackends() != null) {
                rule.getBackends().stream().map(WeightedBackend::getService).filter(Objects::nonNull)
                        .forEach(names::add);
            }
            if (rule.getAggregate() != null && rule.getAggregate().getBackends() != null) {
                rule.getAggregate().getBackends().stream().map(AggregateBackend::getService)
                        .filter(Objects::nonNull).forEach(names::add);
            }
        }
        return names;
    }

    static Set<String> secretNames(GatewayRoute route) {
        Set<String> names = new HashSet<>();
        RouteAuth auth = route.getSpec() == null ? null : route.getSpec().getAuth();
        if (auth == null) {
            return names;
        }
        if (auth.getJwt() != null && auth.getJwt().getJwks() != null && auth.getJwt().getJwks().getSecretRef() != null) {
            names.add(auth.getJwt().getJwks().getSecretRef().getName());
        }
        if (auth.getApiKeys() != null && auth.getApiKeys().getSecretRef() != null) {
            names.add(auth.getApiKeys().getSecretRef().getName());
        }
        names.remove(null);
        return names;
    }

    private static List<RouteRule> rules(GatewayRoute route) {
        return route.getSpec() == null || route.getSpec().getRules() == null ? List.of() : route.getSpec().getRules();
    }
}
