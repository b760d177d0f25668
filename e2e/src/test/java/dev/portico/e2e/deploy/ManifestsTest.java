package dev.portico.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

/** The parser the deploy checks rely on must refuse what a real API server would not accept. */
class ManifestsTest {
    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - name: web
                    image: nginx
                    %s:
                      httpGet: {path: /, port: 80}
            """;

    @Test
    void knownFieldsParseIntoTypedObjects() {
        Manifests parsed = Manifests.parse("test", "# comment only\n---\n" + DEPLOYMENT.formatted("readinessProbe"));
        assertThat(parsed.get(Deployment.class, "web").getSpec().getTemplate().getSpec().getContainers().get(0)
                .getReadinessProbe().getHttpGet().getPath()).isEqualTo("/");
    }

    @Test
    void misspeltFieldIsRejectedWithItsPath() {
        assertThatThrownBy(() -> Manifests.parse("test", DEPLOYMENT.formatted("readinesProbe")))
                .hasMessageContaining("Deployment/web").hasMessageContaining("containers[0]")
                .hasMessageContaining("readinesProbe");
    }

    @Test
    void unknownKindIsRejected() {
        assertThatThrownBy(() -> Manifests.parse("test", "apiVersion: example.dev/v1\nkind: Widget\nmetadata: {name: w}\n"))
                .hasMessageContaining("not a known Kubernetes kind");
    }
}
