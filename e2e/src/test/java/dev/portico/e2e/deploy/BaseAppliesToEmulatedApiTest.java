package dev.portico.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.apiserver.EmulatedApiServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The base's cluster-setup objects applied with the machine's real kubectl to the emulated Kubernetes API. */
class BaseAppliesToEmulatedApiTest {
    // Workloads need a scheduler and a kubelet, which the emulated API does not have.
    private static final Set<String> SETUP_KINDS = Set.of("CustomResourceDefinition", "Namespace", "ServiceAccount",
            "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "Secret");

    @TempDir
    Path dir;
    private EmulatedApiServer api;
    private Map<String, String> env;

    @BeforeEach
    void startApi() {
        api = EmulatedApiServer.start("127.0.0.1", 0);
        Path kubeconfig = api.writeKubeconfig(dir.resolve("kubeconfig"));
        env = Map.of("KUBECONFIG", kubeconfig.toString(), "HOME", dir.toString());
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    @Test
    void setupObjectsApplyAndReadBack() throws IOException {
        List<String> setup = Manifests.documents(Kubectl.kustomize("deploy/kustomize/base")).stream()
                .filter(doc -> SETUP_KINDS.contains(kindOf(doc))).toList();
        assertThat(setup.stream().map(BaseAppliesToEmulatedApiTest::kindOf).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(SETUP_KINDS);
        Path file = Files.writeString(dir.resolve("setup.yaml"), String.join("\n---\n", setup));

        String applied = kubectl("apply", "-f", file.toString());
        assertThat(applied.lines()).as(applied).hasSize(setup.size())
                .allSatisfy(line -> assertThat(line).endsWith(" created"));

        assertThat(kubectl("get", "crd", "-o", "name")).contains(
                "customresourcedefinition.apiextensions.k8s.io/gatewayroutes.portico.dev",
                "customresourcedefinition.apiextensions.k8s.io/ratelimitpolicies.portico.dev");
        assertThat(kubectl("-n", "portico-system", "get", "secret", "portico-stream-token",
                "-o", "jsonpath={.data.token}")).isNotBlank();
        assertThat(kubectl("-n", "portico-system", "get", "serviceaccounts", "-o", "name"))
                .contains("serviceaccount/portico-operator", "serviceaccount/portico-dataplane");
        // the CRDs are served: the short name from the CRD resolves, with an empty list
        assertThat(kubectl("get", "gr", "-A", "-o", "name")).isBlank();

        // a second apply changes nothing; a Secret written with stringData always reads "configured",
        // as on a real API server, because stringData is folded into data on write
        String again = kubectl("apply", "-f", file.toString());
        assertThat(again.lines()).as(again).allSatisfy(line -> assertThat(line)
                .matches(line.startsWith("secret/") ? ".* (unchanged|configured)" : ".* unchanged"));
        assertThat(kubectl("get", "clusterrole", "portico-operator", "-o", "jsonpath={.rules[*].resources}"))
                .contains("gatewayroutes");

        // the CRD upgrade step of docs/operations.md, over CRDs a client-side apply created
        String upgraded = kubectl("apply", "--server-side", "--force-conflicts", "-f", Repo.path("crds").toString());
        assertThat(upgraded.lines()).as(upgraded).hasSize(CrdCopies.repositoryCrds().size())
                .allSatisfy(line -> assertThat(line).endsWith(" serverside-applied"));
    }

    @Test
    void quickstartRouteAndRateLimitPassTheCrdSchemas() throws IOException {
        Path setup = Files.writeString(dir.resolve("crds.yaml"), String.join("\n---\n",
                Manifests.documents(Kubectl.kustomize("deploy/kustomize/base")).stream()
                        .filter(doc -> kindOf(doc).equals("CustomResourceDefinition")).toList()));
        kubectl("apply", "-f", setup.toString());
        kubectl("create", "namespace", "echo");

        assertThat(kubectl("apply", "-f", Repo.path("deploy/quickstart/echo-route.yaml").toString()))
                .isEqualToIgnoringNewLines("gatewayroute.portico.dev/echo created");
        assertThat(kubectl("apply", "-f", Repo.path("deploy/quickstart/echo-ratelimit.yaml").toString()))
                .isEqualToIgnoringNewLines("ratelimitpolicy.portico.dev/echo-per-client created");
        assertThat(kubectl("get", "gr", "-n", "echo", "-o", "name")).isEqualToIgnoringNewLines("gatewayroute.portico.dev/echo");
    }

    private String kubectl(String... args) {
        String[] withCache = Stream.concat(Stream.of("--cache-dir", dir.resolve("cache").toString()), Stream.of(args))
                .toArray(String[]::new);
        return Kubectl.run(env, withCache);
    }

    private static String kindOf(String document) {
        Map<String, Object> map = Serialization.unmarshal(document, Map.class);
        return String.valueOf(map.get("kind"));
    }

}
