package dev.portico.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.JsonNode;

/**
 * The files as the real {@code kubectl} reads them (YAML 1.1, where a bare {@code on} is
 * {@code true}), without a cluster: {@code kubectl annotate --local -o json} prints the JSON that
 * kubectl would send to the API server.
 */
class KubectlYamlTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gatewayroutes.portico.dev-v1.yml", "ratelimitpolicies.portico.dev-v1.yml"})
    void kubectlReadsEveryPropertyNameOfTheCommittedCrd(String crd) throws Exception {
        Path file = CrdFiles.committedDir().resolve(crd);

        JsonNode sent = kubectlJson(file);
        JsonNode read = CrdSchemas.YAML.readTree(file.toFile());

        String schema = "/spec/versions/0/schema/openAPIV3Schema";
        assertThat(propertyPaths(sent.at(schema)))
                .as("property names of %s as kubectl reads it", crd)
                .isNotEmpty()
                .isEqualTo(propertyPaths(read.at(schema)));
    }

    @Test
    void contractExampleAppliedWithKubectlKeepsItsRetryConditions() throws Exception {
        Path example = Path.of(Objects.requireNonNull(getClass().getResource("/valid/gatewayroute-full.yaml")).toURI());

        JsonNode sent = kubectlJson(example);

        assertThat(sent.at("/spec/rules/0/retries").has("true")).as("kubectl turns a bare 'on:' into 'true'").isTrue();
        assertThat(CrdSchemas.loadCommitted().validate(sent)).isEmpty();
        GatewayRoute route = new KubernetesSerialization().unmarshal(sent.toString(), GatewayRoute.class);
        assertThat(route.getSpec().getRules().get(0).getRetries().getOn())
                .containsExactly(RetryOn.ConnectFailure, RetryOn.Reset, RetryOn.GatewayError);
    }

    private static JsonNode kubectlJson(Path file) throws IOException, InterruptedException {
        Process kubectl = new ProcessBuilder("kubectl", "annotate", "--local", "-f", file.toString(),
                "portico.dev/read-by=kubectl", "-o", "json").start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(kubectl.getErrorStream()));
        String out = read(kubectl.getInputStream());
        if (!kubectl.waitFor(30, TimeUnit.SECONDS)) {
            kubectl.destroyForcibly();
            throw new IllegalStateException("kubectl did not finish reading " + file + " in 30s");
        }
        assertThat(kubectl.exitValue()).as("kubectl on %s: %s", file, err.join()).isZero();
        return CrdSchemas.YAML.readTree(out);
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Dotted paths of every named property in a schema, items included. */
    private static TreeSet<String> propertyPaths(JsonNode schema) {
        TreeSet<String> paths = new TreeSet<>();
        collect(schema, "", paths);
        return paths;
    }

    private static void collect(JsonNode schema, String prefix, TreeSet<String> paths) {
        JsonNode properties = schema.path("properties");
        List<String> names = new ArrayList<>(properties.propertyNames());
        for (String name : names) {
            paths.add(prefix + name);
            collect(properties.get(name), prefix + name + ".", paths);
        }
        if (schema.has("items")) {
            collect(schema.get("items"), prefix + "[].", paths);
        }
    }
}
