package dev.portico.operator.resolve;

import dev.portico.api.v1alpha1.GatewayRoute;
import dev.portico.api.v1alpha1.RateLimitPolicy;
import dev.portico.snapshot.Cluster;
import dev.portico.snapshot.Endpoint;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReferenceResolverTest {

    private static final String ROUTE = """
            apiVersion: portico.dev/v1alpha1
            kind: GatewayRoute
            metadata: {name: r, namespace: ns}
            spec:
              auth:
                apiKeys: {secretRef: {name: keys}}
              rules:
              - name: main
                backends: [{service: svc, port: 80}]
            """;

    private static Service service(String ports) {
        return Serialization.unmarshal("""
                apiVersion: v1
                kind: Service
                metadata: {name: svc, namespace: ns}
                spec: {ports: %s}
                """.formatted(ports), Service.class);
    }

    private static EndpointSlice slice(String ports, String endpoints) {
        return Serialization.unmarshal("""
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {name: svc-1, namespace: ns, labels: {kubernetes.io/service-name: svc}}
                addressType: IPv4
                ports: %s
                endpoints: %s
                """.formatted(ports, endpoints), EndpointSlice.class);
    }

    private static Secret keys(String data) {
        return Serialization.unmarshal("""
                apiVersion: v1
                kind: Secret
                metadata: {name: keys, namespace: ns}
                stringData: %s
                """.formatted(data), Secret.class);
    }

    private static ResolvedRoute resolve(List<Service> services, List<EndpointSlice> slices, List<Secret> secrets) {
        GatewayRoute route = Serialization.unmarshal(ROUTE, GatewayRoute.class);
        return ReferenceResolver.resolve(new KubernetesObjects(List.of(route), List.of(), services, slices, secrets))
                .routes().get(0);
    }

    @Test
    void slicePortIsFoundByTheServicePortNameAndCarriesTheTargetPort() {
        ResolvedRoute r = resolve(List.of(service("[{name: web, port: 80, targetPort: http}, {name: admin, port: 81}]")),
                List.of(slice("[{name: admin, port: 9001}, {name: web, port: 8080}]", "[{addresses: [10.0.0.1]}]")),
                List.of(keys("{a: k}")));
        assertThat(r.clusters().get("ns/svc:80").endpoints()).containsExactly(new Endpoint("10.0.0.1", 8080));
    }

    @Test
    void anUnnamedSlicePortIsFoundByTheNumericTargetPort() {
        ResolvedRoute r = resolve(List.of(service("[{name: web, port: 80, targetPort: 9090}]")),
                List.of(slice("[{port: 9090}]", "[{addresses: [127.0.0.1]}]")), List.of(keys("{a: k}")));
        assertThat(r.clusters().get("ns/svc:80").endpoints()).containsExactly(new Endpoint("127.0.0.1", 9090));
    }

    @Test
    void onlyEndpointsNotMarkedUnreadyCount() {
        ResolvedRoute r = resolve(List.of(service("[{port: 80}]")), List.of(slice("[{port: 80}]", """
                [{addresses: [10.0.0.1], conditions: {ready: true}},
                 {addresses: [10.0.0.2], conditions: {ready: false}},
                 {addresses: [10.0.0.3]}]""")), List.of(keys("{a: k}")));
        assertThat(r.clusters().get("ns/svc:80").endpoints()).extracting(Endpoint::address)
                .containsExactly("10.0.0.1", "10.0.0.3");
    }

    @Test
    void aMissingServiceIsAClusterThatDoesNotExistAndABackendNotFound() {
        ResolvedRoute r = resolve(List.of(), List.of(), List.of(keys("{a: k}")));
        Cluster cluster = r.clusters().get("ns/svc:80");
        assertThat(cluster.serviceExists()).isFalse();
        assertThat(r.problems()).containsExactly(new RefProblem("BackendNotFound", "service ns/svc not found"));
    }

    @Test
    void apiKeysLeaveTheResolverOnlyAsSha256Hashes() {
        ResolvedRoute r = resolve(List.of(service("[{port: 80}]")), List.of(),
                List.of(keys("{alice: \"open-sesame\\n\", bob: hunter2}")));
        assertThat(r.apiKeys().clients()).extracting(c -> c.id() + "=" + c.keySha256()).containsExactly(
                "alice=" + AuthSecrets.sha256Hex("open-sesame"),
                "bob=f52fbd32b2b3b86ff88ef6c490628285f482af15ddcb29541f94bcf526a3f6c7");
        assertThat(r.toString()).doesNotContain("open-sesame").doesNotContain("hunter2");
    }

    @Test
    void aMissingApiKeySecretIsSecretNotFound() {
        ResolvedRoute r = resolve(List.of(service("[{port: 80}]")), List.of(), List.of());
        assertThat(r.problems()).containsExactly(new RefProblem("SecretNotFound", "secret ns/keys not found"));
        assertThat(r.apiKeys().clients()).isEmpty();
    }

    @Test
    void policyTargetsResolveToRouteAndRuleIndex() {
        GatewayRoute route = Serialization.unmarshal(ROUTE, GatewayRoute.class);
        RateLimitPolicy policy = Serialization.unmarshal("""
                apiVersion: portico.dev/v1alpha1
                kind: RateLimitPolicy
                metadata: {name: p, namespace: ns}
                spec:
                  targetRefs: [{kind: GatewayRoute, name: r, rule: main}, {kind: GatewayRoute, name: r},
                               {kind: GatewayRoute, name: r, rule: nope}]
                  limits: [{name: l, requests: 1, period: 1s, key: {type: ClientIP}}]
                """, RateLimitPolicy.class);
        ResolvedPolicy p = ReferenceResolver.resolve(new KubernetesObjects(List.of(route), List.of(policy), List.of(),
                List.of(), List.of())).policies().get(0);
        ObjectRef r = new ObjectRef("ns", "r");
        assertThat(p.targets()).containsExactly(new ResolvedPolicy.Target(r, 0),
                new ResolvedPolicy.Target(r, ResolvedPolicy.Target.WHOLE_ROUTE));
        assertThat(p.problems()).containsExactly(new RefProblem("TargetNotFound", "GatewayRoute ns/r has no rule named nope"));
    }
}
