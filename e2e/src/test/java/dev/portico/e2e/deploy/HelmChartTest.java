package dev.portico.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class HelmChartTest {

    @Test
    void chartPassesStrictLint() {
        LintResult lint = PorticoChart.lint();
        assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
    }

    @Test
    void defaultValuesRenderTheSameObjectsAsTheKustomizeBase() {
        Manifests chart = PorticoChart.render();
        Manifests base = Manifests.kustomize("deploy/kustomize/base");
        // the chart leaves the Namespace to `helm install --create-namespace` and CRDs to its crds/
        assertThat(chart.names()).containsExactlyInAnyOrderElementsOf(base.names().stream()
                .filter(n -> !n.startsWith("Namespace/") && !n.startsWith("CustomResourceDefinition/")).toList());
        assertThat(chart.get(Deployment.class, "portico-operator").getSpec().getReplicas()).isEqualTo(2);
        assertThat(chart.get(Deployment.class, "portico-dataplane").getSpec().getReplicas()).isEqualTo(2);
        assertThat(chart.get(Service.class, "portico-gateway").getSpec().getType()).isEqualTo("LoadBalancer");
    }

    @Test
    void defaultValuesRenderObjectsEqualToTheKustomizeBaseApartFromLabels() {
        Manifests chart = PorticoChart.render();
        Manifests base = Manifests.kustomize("deploy/kustomize/base");
        for (HasMetadata object : chart.objects()) {
            if (object instanceof Secret) {
                continue; // random token in the chart, placeholder in the base
            }
            HasMetadata twin = base.objects().stream().filter(o -> o.getKind().equals(object.getKind())
                    && o.getMetadata().getName().equals(object.getMetadata().getName())).findFirst().orElseThrow();
            assertThat(withoutLabels(object)).as("%s/%s", object.getKind(), object.getMetadata().getName())
                    .isEqualTo(withoutLabels(twin));
        }
    }

    @Test
    void generatedStreamTokenIsLongAndRandom() {
        String first = token(PorticoChart.render(Map.of()));
        String second = token(PorticoChart.render(Map.of()));
        assertThat(first).hasSizeGreaterThanOrEqualTo(32).isNotEqualTo(second);
    }

    @Test
    void nonDefaultValuesReachTheRenderedObjects() {
        Manifests chart = PorticoChart.render(Map.of(
                "operator.replicas", 3,
                "dataplane.replicas", 5,
                "dataplane.image.repository", "registry.example/portico-dp",
                "dataplane.image.tag", "1.2.3",
                "dataplane.image.pullPolicy", "Always",
                "dataplane.redisUrl", "redis://redis.cache.svc:6379",
                "dataplane.trustedHops", 2,
                "dataplane.gateway", "internal",
                "dataplane.service.type", "ClusterIP",
                "dataplane.resources.limits.memory", "1Gi"));
        assertThat(chart.get(Deployment.class, "portico-operator").getSpec().getReplicas()).isEqualTo(3);
        Deployment dataplane = chart.get(Deployment.class, "portico-dataplane");
        assertThat(dataplane.getSpec().getReplicas()).isEqualTo(5);
        Container container = dataplane.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("registry.example/portico-dp:1.2.3");
        assertThat(container.getImagePullPolicy()).isEqualTo("Always");
        assertThat(container.getArgs()).containsSubsequence("--redis", "redis://redis.cache.svc:6379")
                .containsSubsequence("--trusted-hops", "2").containsSubsequence("--gateway", "internal");
        assertThat(container.getResources().getLimits().get("memory").toString()).isEqualTo("1Gi");
        Service gateway = chart.get(Service.class, "portico-gateway");
        assertThat(gateway.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(gateway.getSpec().getExternalTrafficPolicy()).as("only valid for LoadBalancer/NodePort").isNull();
    }

    @Test
    void aTlsSecretAddsAnHttpsListenerServedFromTheMountedSecret() {
        Manifests chart = PorticoChart.render(Map.of("dataplane.tls.secretName", "gateway-cert"));
        Deployment dataplane = chart.get(Deployment.class, "portico-dataplane");
        Container container = dataplane.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getArgs()).containsSubsequence("--tls-port", "8443")
                .containsSubsequence("--tls-cert-file", "/etc/portico/tls/tls.crt")
                .containsSubsequence("--tls-key-file", "/etc/portico/tls/tls.key");
        String help = CommandHelp.of(MavenModule.read("dataplane").mainClass());
        assertThat(List.of("--tls-port", "--tls-cert-file", "--tls-key-file"))
                .allSatisfy(flag -> assertThat(help).contains(flag + " "));
        assertThat(container.getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("https");
            assertThat(p.getContainerPort()).isEqualTo(8443);
        });
        VolumeMount tls = container.getVolumeMounts().stream().filter(m -> m.getName().equals("tls")).findFirst()
                .orElseThrow();
        assertThat(tls.getMountPath()).isEqualTo("/etc/portico/tls");
        assertThat(tls.getSubPath()).as("a subPath mount never sees a renewed Secret").isNull();
        assertThat(dataplane.getSpec().getTemplate().getSpec().getVolumes()).filteredOn(v -> v.getName().equals("tls"))
                .singleElement().satisfies(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("gateway-cert"));
        assertThat(chart.get(Service.class, "portico-gateway").getSpec().getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("https");
            assertThat(p.getPort()).isEqualTo(443);
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("https");
        });
    }

    @Test
    void moreTlsSecretsAreMorePairsAfterTheDefaultEachMountedAsADirectory() {
        Manifests chart = PorticoChart.render(Map.of("dataplane.tls.secretName", "shop-cert",
                "dataplane.tls.sniSecretNames[0]", "api-cert", "dataplane.tls.sniSecretNames[1]", "admin.example-cert"));
        Deployment dataplane = chart.get(Deployment.class, "portico-dataplane");
        Container container = dataplane.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getArgs()).containsSubsequence(
                "--tls-cert-file", "/etc/portico/tls/tls.crt", "--tls-key-file", "/etc/portico/tls/tls.key",
                "--tls-cert-file", "/etc/portico/tls-sni/0/tls.crt", "--tls-key-file", "/etc/portico/tls-sni/0/tls.key",
                "--tls-cert-file", "/etc/portico/tls-sni/1/tls.crt", "--tls-key-file", "/etc/portico/tls-sni/1/tls.key");
        assertThat(container.getVolumeMounts()).filteredOn(m -> m.getName().startsWith("tls-sni-"))
                .extracting(VolumeMount::getMountPath, VolumeMount::getSubPath)
                .containsExactly(tuple("/etc/portico/tls-sni/0", null), tuple("/etc/portico/tls-sni/1", null));
        assertThat(dataplane.getSpec().getTemplate().getSpec().getVolumes())
                .filteredOn(v -> v.getName().startsWith("tls-sni-"))
                .extracting(v -> v.getName() + "=" + v.getSecret().getSecretName())
                .containsExactly("tls-sni-0=api-cert", "tls-sni-1=admin.example-cert");
        assertThatThrownBy(() -> PorticoChart.render(Map.of("dataplane.tls.sniSecretNames[0]", "api-cert")))
                .hasMessageContaining("dataplane.tls.sniSecretNames needs dataplane.tls.secretName");
    }

    @Test
    void theKustomizeTlsComponentRendersWhatTheChartRendersForTheSameSecret() {
        Manifests chart = PorticoChart.render(Map.of("dataplane.tls.secretName", "portico-gateway-tls"));
        Manifests overlay = Manifests.kustomize("deploy/kustomize/overlays/tls");
        assertThat(withoutLabels(chart.get(Deployment.class, "portico-dataplane")))
                .isEqualTo(withoutLabels(overlay.get(Deployment.class, "portico-dataplane")));
        assertThat(withoutLabels(chart.get(Service.class, "portico-gateway")))
                .isEqualTo(withoutLabels(overlay.get(Service.class, "portico-gateway")));
    }

    @Test
    void theAccessLogGoesToStdoutUnlessTurnedOff() {
        Container on = PorticoChart.render().get(Deployment.class, "portico-dataplane").getSpec().getTemplate()
                .getSpec().getContainers().get(0);
        assertThat(on.getArgs()).containsSubsequence("--access-log", "stdout");
        Container off = PorticoChart.render(Map.of("dataplane.accessLog", "off")).get(Deployment.class,
                "portico-dataplane").getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(off.getArgs()).doesNotContain("--access-log");
        assertThat(CommandHelp.of(MavenModule.read("dataplane").mainClass())).contains("--access-log ");
    }

    @Test
    void anAccessLogSampleBecomesAFlagOnlyBelowOne() {
        assertThat(PorticoChart.render().get(Deployment.class, "portico-dataplane").getSpec().getTemplate()
                .getSpec().getContainers().get(0).getArgs()).doesNotContain("--access-log-sample");
        Container sampled = PorticoChart.render(Map.of("dataplane.accessLogSample", 0.05)).get(Deployment.class,
                "portico-dataplane").getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(sampled.getArgs()).containsSubsequence("--access-log", "stdout", "--access-log-sample", "0.05");
        assertThat(PorticoChart.render(Map.of("dataplane.accessLogSample", "5%")).get(Deployment.class,
                "portico-dataplane").getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .containsSubsequence("--access-log-sample", "5%");
        assertThatThrownBy(() -> PorticoChart.render(Map.of("dataplane.accessLogSample", 5)))
                .hasMessageContaining("accessLogSample");
        assertThatThrownBy(() -> PorticoChart.render(Map.of("dataplane.accessLogSample", "1.5")))
                .hasMessageContaining("accessLogSample");
        assertThat(CommandHelp.of(MavenModule.read("dataplane").mainClass())).contains("--access-log-sample ");
    }

    @Test
    void theTransportIsLeftToTheDataPlaneUnlessNamed() {
        Container auto = PorticoChart.render().get(Deployment.class, "portico-dataplane").getSpec().getTemplate()
                .getSpec().getContainers().get(0);
        assertThat(auto.getArgs()).doesNotContain("--transport");
        Container epoll = PorticoChart.render(Map.of("dataplane.transport", "epoll")).get(Deployment.class,
                "portico-dataplane").getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(epoll.getArgs()).containsSubsequence("--transport", "epoll");
        assertThatThrownBy(() -> PorticoChart.render(Map.of("dataplane.transport", "iouring")))
                .hasMessageContaining("transport");
        assertThat(CommandHelp.of(MavenModule.read("dataplane").mainClass())).contains("--transport ");
    }

    @Test
    void withoutATlsSecretTheGatewayIsCleartextOnly() {
        Manifests chart = PorticoChart.render();
        Container container = chart.get(Deployment.class, "portico-dataplane").getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        assertThat(container.getArgs()).doesNotContain("--tls-port");
        assertThat(chart.get(Service.class, "portico-gateway").getSpec().getPorts()).extracting("name")
                .containsExactly("http");
    }

    @Test
    void defaultValuesLeaveRedisOutAndTrustNoProxy() {
        Container container = PorticoChart.render().get(Deployment.class, "portico-dataplane")
                .getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getArgs()).doesNotContain("--redis").containsSubsequence("--trusted-hops", "0");
    }

    @Test
    void edgeLimitsBecomeFlagsOnlyWhenSetAndZeroIsKept() {
        assertThat(PorticoChart.render().get(Deployment.class, "portico-dataplane").getSpec().getTemplate()
                .getSpec().getContainers().get(0).getArgs())
                .noneMatch(arg -> arg.startsWith("--max-header") || arg.endsWith("timeout-ms"));
        Container container = PorticoChart.render(Map.of("dataplane.edge.maxHeaders", 50,
                        "dataplane.edge.requestHeadersTimeoutMs", 0)).get(Deployment.class, "portico-dataplane")
                .getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getArgs()).containsSubsequence("--max-headers", "50")
                .containsSubsequence("--request-headers-timeout-ms", "0")
                .doesNotContain("--max-header-bytes", "--idle-timeout-ms");
    }

    @Test
    void anEdgeLimitTheDataPlaneWouldRefuseIsRefusedByTheChart() {
        assertThatThrownBy(() -> PorticoChart.render(Map.of("dataplane.edge.maxHeaders", 0)))
                .hasMessageContaining("maxHeaders");
    }

    @Test
    void existingSecretReplacesTheChartsTokenSecret() {
        Manifests chart = PorticoChart.render(Map.of("streamToken.existingSecret", "my-token"));
        assertThat(chart.all(Secret.class)).isEmpty();
        for (String name : new String[] {"portico-operator", "portico-dataplane"}) {
            assertThat(chart.get(Deployment.class, name).getSpec().getTemplate().getSpec().getVolumes())
                    .anySatisfy(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("my-token"));
        }
    }

    @Test
    void disruptionBudgetsAreLeftOutWhenTheyCouldOnlyBlockDrains() {
        Manifests chart = PorticoChart.render(Map.of("dataplane.podDisruptionBudget.minAvailable", 0,
                "operator.replicas", 1));
        assertThat(chart.all(PodDisruptionBudget.class)).isEmpty();
    }

    @Test
    void anotherReleaseNameAndNamespaceRenameEveryObjectAndTheStreamAddress() {
        Manifests chart = PorticoChart.render("edge", "gateways", Map.of());
        assertThat(chart.names()).allSatisfy(name -> assertThat(name).contains("/edge-portico-"));
        Container container = chart.get(Deployment.class, "edge-portico-dataplane")
                .getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getArgs()).containsSubsequence("--control-plane", "http://edge-portico-operator.gateways.svc:18000");
        chart.get(Service.class, "edge-portico-operator");
        chart.get(Secret.class, "edge-portico-stream-token");
        assertThat(chart.objects()).allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isIn("gateways", null));
    }

    @Test
    void valuesOutsideTheSchemaAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> PorticoChart.render(Map.of("dataplane.service.type", "Ingress")))
                .hasMessageContaining("dataplane.service.type");
        assertThatThrownBy(() -> PorticoChart.render(Map.of("dataplane.redisUrl", "localhost:6379")))
                .hasMessageContaining("dataplane.redisUrl");
        assertThatThrownBy(() -> PorticoChart.render(Map.of("dataplane.replcas", 3)))
                .hasMessageContaining("replcas");
    }

    /** The object as JSON without label maps and selectors, which differ on purpose (Helm adds release labels). */
    private static JsonNode withoutLabels(HasMetadata object) {
        JsonNode tree = Serialization.jsonMapper().valueToTree(object);
        strip(tree);
        return tree;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode fields) {
            fields.remove(List.of("labels", "matchLabels", "selector"));
            fields.forEach(HelmChartTest::strip);
        } else if (node instanceof ArrayNode items) {
            items.forEach(HelmChartTest::strip);
        }
    }

    private static String token(Manifests chart) {
        String encoded = chart.get(Secret.class, "portico-stream-token").getData().get("token");
        return new String(Base64.getDecoder().decode(encoded));
    }
}
