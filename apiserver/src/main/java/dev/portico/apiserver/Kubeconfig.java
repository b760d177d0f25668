package dev.portico.apiserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A kubeconfig for kubectl: one plain-HTTP cluster on loopback, one context, a placeholder token. */
final class Kubeconfig {

  static final String NAME = "portico-sandbox";

  private Kubeconfig() {
  }

  static String text(String serverUrl, String namespace) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: %1$s
          cluster:
            server: %2$s
        contexts:
        - name: %1$s
          context:
            cluster: %1$s
            user: %1$s
            namespace: %3$s
        current-context: %1$s
        users:
        - name: %1$s
          user:
            token: sandbox-token-not-a-secret
        preferences: {}
        """.formatted(NAME, serverUrl, namespace);
  }

  static Path write(Path file, String serverUrl) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, text(serverUrl, "default"));
    return file;
  }
}
