package dev.portico.operator.resolve;

import dev.portico.api.v1alpha1.AggregateBackend;
import dev.portico.api.v1alpha1.GatewayRoute;
import dev.portico.api.v1alpha1.PolicyTargetRef;
import dev.portico.api.v1alpha1.RateLimitPolicy;
import dev.portico.api.v1alpha1.RouteAuth;
import dev.portico.api.v1alpha1.RouteRule;
import dev.portico.api.v1alpha1.TargetKind;
import dev.portico.api.v1alpha1.WeightedBackend;
import dev.portico.snapshot.Cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Resolve: Kubernetes objects → {@link ResolvedModel}. Looks up every Service, EndpointSlice, Secret and
 * policy target; records what is missing with its reason. No client calls: the caller passes the objects.
 */
public final class ReferenceResolver {

    private ReferenceResolver() {
    }

    public static ResolvedModel resolve(KubernetesObjects objects) {
        return resolve(objects, List.of(), List.of());
    }

    /**
     * As {@link #resolve(KubernetesObjects)}, also resolving older generations of some of its routes and policies
     * (the last accepted ones) against the same Services, Secrets and routes.
     */
    public static ResolvedModel resolve(KubernetesObjects objects, List<GatewayRoute> olderRoutes,
            List<RateLimitPolicy> olderPolicies) {
        ServiceEndpoints endpoints = new ServiceEndpoints(objects.services(), objects.endpointSlices());
        AuthSecrets secrets = new AuthSecrets(objects.secrets());
        List<ResolvedRoute> routes = new ArrayList<>();
        Map<ObjectRef, GatewayRoute> routesByRef = new HashMap<>();
        for (GatewayRoute route : objects.routes()) {
            routes.add(resolveRoute(route, endpoints, secrets));
            routesByRef.put(ObjectRef.of(route), route);
        }
        List<ResolvedPolicy> policies = objects.policies().stream()
                .map(policy -> resolvePolicy(policy, routesByRef)).toList();
        Map<ObjectRef, ResolvedRoute> olderResolved = new HashMap<>();
        olderRoutes.forEach(route -> olderResolved.put(ObjectRef.of(route), resolveRoute(route, endpoints, secrets)));
        Map<ObjectRef, ResolvedPolicy> olderPoliciesResolved = new HashMap<>();
        olderPolicies.forEach(policy -> olderPoliciesResolved.put(ObjectRef.of(policy), resolvePolicy(policy, routesByRef)));
        return new ResolvedModel(routes, policies, olderResolved, olderPoliciesResolved);
    }

    static ResolvedRoute resolveRoute(GatewayRoute route, ServiceEndpoints endpoints, AuthSecrets secrets) {
        ObjectRef ref = ObjectRef.of(route);
        String ns = ref.namespace();
        Set<RefProblem> problems = new LinkedHashSet<>();
        AuthSecrets.Jwks jwks = null;
        AuthSecrets.ApiKeys apiKeys = null;
        RouteAuth auth = route.getSpec() == null ? null : route.getSpec().getAuth();
        if (auth != null && auth.getJwt() != null && auth.getJwt().getJwks() != null
                && auth.getJwt().getJwks().getSecretRef() != null && auth.getJwt().getJwks().getSecretRef().getName() != null) {
            var secretRef = auth.getJwt().getJwks().getSecretRef();
            jwks = secrets.jwks(ns, secretRef.getName(), secretRef.getKey());
            addIfPresent(problems, jwks.problem());
        }
        if (auth != null && auth.getApiKeys() != null && auth.getApiKeys().getSecretRef() != null
                && auth.getApiKeys().getSecretRef().getName() != null) {
            apiKeys = secrets.apiKeys(ns, auth.getApiKeys().getSecretRef().getName());
            addIfPresent(problems, apiKeys.problem());
        }
        Map<String, Cluster> clusters = new LinkedHashMap<>();
        for (RouteRule rule : rulesOf(route)) {
            for (WeightedBackend b : nonNull(rule.getBackends())) {
                lookup(endpoints, ns, b.getService(), b.getPort(), clusters, problems);
            }
            if (rule.getAggregate() != null) {
                for (AggregateBackend b : nonNull(rule.getAggregate().getBackends())) {
                    lookup(endpoints, ns, b.getService(), b.getPort(), clusters, problems);
                }
            }
        }
        return new ResolvedRoute(ref, route, clusters, jwks, apiKeys, List.copyOf(problems));
    }

    private static void lookup(ServiceEndpoints endpoints, String ns, String service, Integer port,
            Map<String, Cluster> clusters, Set<RefProblem> problems) {
        if (service == null || port == null) {
            return; // incomplete backend: translation reports the field as Invalid
        }
        String name = Cluster.nameOf(ns, service, port);
        if (!clusters.containsKey(name)) {
            ServiceEndpoints.Lookup found = endpoints.lookup(ns, service, port);
            clusters.put(name, found.cluster());
            addIfPresent(problems, found.problem());
        }
    }

    static ResolvedPolicy resolvePolicy(RateLimitPolicy policy, Map<ObjectRef, GatewayRoute> routes) {
        ObjectRef ref = ObjectRef.of(policy);
        List<ResolvedPolicy.Target> targets = new ArrayList<>();
        List<RefProblem> problems = new ArrayList<>();
        List<PolicyTargetRef> targetRefs = policy.getSpec() == null ? List.of() : nonNull(policy.getSpec().getTargetRefs());
        for (PolicyTargetRef target : targetRefs) {
            if (target.getKind() != null && target.getKind() != TargetKind.GatewayRoute) {
                continue; // the schema admits GatewayRoute only
            }
            ObjectRef routeRef = new ObjectRef(ref.namespace(), target.getName());
            GatewayRoute route = routes.get(routeRef);
            if (route == null) {
                problems.add(new RefProblem(RefProblem.TARGET_NOT_FOUND, "GatewayRoute " + routeRef + " not found"));
                continue;
            }
            if (target.getRule() == null || target.getRule().isEmpty()) {
                targets.add(new ResolvedPolicy.Target(routeRef, ResolvedPolicy.Target.WHOLE_ROUTE));
                continue;
            }
            int index = ruleIndex(route, target.getRule());
            if (index < 0) {
                problems.add(new RefProblem(RefProblem.TARGET_NOT_FOUND,
                        "GatewayRoute " + routeRef + " has no rule named " + target.getRule()));
            } else {
                targets.add(new ResolvedPolicy.Target(routeRef, index));
            }
        }
        return new ResolvedPolicy(ref, policy, targets.stream().distinct().toList(), problems);
    }

    private static int ruleIndex(GatewayRoute route, String ruleName) {
        List<RouteRule> rules = rulesOf(route);
        for (int i = 0; i < rules.size(); i++) {
            if (Objects.equals(ruleName, rules.get(i).getName())) {
                return i;
            }
        }
        return -1;
    }

    private static List<RouteRule> rulesOf(GatewayRoute route) {
        return route.getSpec() == null ? List.of() : nonNull(route.getSpec().getRules());
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static void addIfPresent(Set<RefProblem> problems, RefProblem problem) {
        if (problem != null) {
            problems.add(problem);
        }
    }
}
