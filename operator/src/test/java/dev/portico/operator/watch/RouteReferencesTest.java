package dev.portico.operator.watch;

import dev.portico.api.v1alpha1.GatewayRoute;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RouteReferencesTest {
    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    @Test
    void aNewGenerationIsReadAgainWhileTheSameGenerationIsRemembered() {
        RouteReferences references = new RouteReferences();
        assertThat(references.of(route(1L, "svc-a", "keys-a")).services()).containsExactly("svc-a");
        assertThat(references.of(route(1L, "svc-a", "keys-a")).secrets()).containsExactly("keys-a");
        assertThat(references.of(route(2L, "svc-b", "keys-b")).services()).containsExactly("svc-b");
        assertThat(references.of(route(2L, "svc-b", "keys-b")).secrets()).containsExactly("keys-b");
    }

    @Test
    void aRouteWithoutGenerationIsNeverTakenFromMemory() {
        RouteReferences references = new RouteReferences();
        assertThat(references.of(route(null, "svc-a", "keys-a")).services()).containsExactly("svc-a");
        assertThat(references.of(route(null, "svc-b", "keys-a")).services()).containsExactly("svc-b");
    }

    private static GatewayRoute route(Long generation, String service, String secret) {
        return YAML.unmarshal("""
                apiVersion: portico.dev/v1alpha1
                kind: GatewayRoute
                metadata: {name: shop, namespace: ns%s}
                spec:
                  auth: {apiKeys: {secretRef: {name: %s}}}
                  rules:
                  - backends: [{service: %s, port: 80}]
                """.formatted(generation == null ? "" : ", generation: " + generation, secret, service),
                GatewayRoute.class);
    }
}
