package dev.portico.operator;

import dev.portico.api.v1alpha1.GatewayRoute;
import dev.portico.api.v1alpha1.RateLimitPolicy;
import dev.portico.apiserver.EmulatedApiServer;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The emulated Kubernetes API with Portico's CRDs installed, and builders of the objects tests apply. */
final class KubernetesFixture implements AutoCloseable {
    static final String NS = "shop";
    private static final Path CRDS = Path.of("..", "crds");

    final EmulatedApiServer api;
    final KubernetesClient client;

    KubernetesFixture() throws IOException {
        api = EmulatedApiServer.start("127.0.0.1", 0);
        client = api.client();
        for (String file : List.of("gatewayroutes.portico.dev-v1.yml", "ratelimitpolicies.portico.dev-v1.yml")) {
            try (InputStream in = Files.newInputStream(CRDS.resolve(file))) {
                client.apiextensions().v1().customResourceDefinitions()
                        .resource(client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class))
                        .create();
            }
        }
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
                .create();
    }

    /** A route sending {@code prefix} to {@code service:8080}. */
    GatewayRoute route(String name, String prefix, String service) {
        String yaml = """
                apiVersion: portico.dev/v1alpha1
                kind: GatewayRoute
                metadata: {name: %s, namespace: %s}
                spec:
                  hosts: [api.shop.example]
                  rules:
                  - name: main
                    matches: [{path: {type: PathPrefix, value: %s}}]
                    backends: [{service: %s, port: 8080}]
                """.formatted(name, NS, prefix, service);
        return client.getKubernetesSerialization().unmarshal(yaml, GatewayRoute.class);
    }

    GatewayRoute apply(GatewayRoute route) {
        return client.resources(GatewayRoute.class).inNamespace(NS).resource(route).create();
    }

    GatewayRoute stored(String name) {
        return client.resources(GatewayRoute.class).inNamespace(NS).withName(name).get();
    }

    RateLimitPolicy storedPolicy(String name) {
        return client.resources(RateLimitPolicy.class).inNamespace(NS).withName(name).get();
    }

    Service service(String name) {
        return client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName(name)
                .withNamespace(NS).endMetadata().withNewSpec().addNewPort().withName("http").withPort(8080)
                .withNewTargetPort(8080).endPort().endSpec().build()).create();
    }

    EndpointSlice endpoints(String service, String... addresses) {
        List<io.fabric8.kubernetes.api.model.discovery.v1.Endpoint> endpoints = new ArrayList<>();
        for (String address : addresses) {
            endpoints.add(new io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder().withAddresses(address)
                    .withNewConditions().withReady(true).endConditions().build());
        }
        EndpointSlice slice = new EndpointSliceBuilder().withNewMetadata().withName(service + "-slice")
                .withNamespace(NS).addToLabels("kubernetes.io/service-name", service).endMetadata()
                .withAddressType("IPv4").withEndpoints(endpoints)
                .addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort().build();
        return client.discovery().v1().endpointSlices().inNamespace(NS).resource(slice).createOr(
                existing -> existing.update());
    }

    static Condition condition(List<Condition> conditions, String type) {
        return conditions == null ? null
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    static Condition condition(GatewayRoute route, String type) {
        return route == null || route.getStatus() == null ? null : condition(route.getStatus().getConditions(), type);
    }

    /** With -Dportico.verifyPartialTranslation, every partial translation was checked: none may have differed. */
    static void assertPartialTranslationsMatchedTheWhole(PorticoOperator operator) {
        var gauge = operator.registry().find("portico_partial_translation_divergences").gauge();
        org.assertj.core.api.Assertions.assertThat(gauge).isNotNull();
        org.assertj.core.api.Assertions.assertThat(gauge.value()).isZero();
    }

    @Override
    public void close() {
        api.close();
    }
}
