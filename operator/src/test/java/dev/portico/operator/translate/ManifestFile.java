package dev.portico.operator.translate;

import dev.portico.api.v1alpha1.GatewayRoute;
import dev.portico.api.v1alpha1.RateLimitPolicy;
import dev.portico.operator.resolve.KubernetesObjects;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.utils.Serialization;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A multi-document YAML file of Kubernetes objects, read with Fabric8's own serialization. */
final class ManifestFile {

    private ManifestFile() {
    }

    static KubernetesObjects read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    static KubernetesObjects parse(String yaml) {
        List<GatewayRoute> routes = new ArrayList<>();
        List<RateLimitPolicy> policies = new ArrayList<>();
        List<Service> services = new ArrayList<>();
        List<EndpointSlice> slices = new ArrayList<>();
        List<Secret> secrets = new ArrayList<>();
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            if (doc.lines().allMatch(line -> line.isBlank() || line.stripLeading().startsWith("#"))) {
                continue;
            }
            JsonNode node = Serialization.yamlMapper().readTree(doc);
            String kind = node.path("kind").asString();
            switch (kind) {
                case "GatewayRoute" -> routes.add(Serialization.unmarshal(doc, GatewayRoute.class));
                case "RateLimitPolicy" -> policies.add(Serialization.unmarshal(doc, RateLimitPolicy.class));
                case "Service" -> services.add(Serialization.unmarshal(doc, Service.class));
                case "EndpointSlice" -> slices.add(Serialization.unmarshal(doc, EndpointSlice.class));
                case "Secret" -> secrets.add(Serialization.unmarshal(doc, Secret.class));
                default -> throw new IllegalArgumentException("unexpected kind \"" + kind + "\" in test input");
            }
        }
        return new KubernetesObjects(routes, policies, services, slices, secrets);
    }
}
