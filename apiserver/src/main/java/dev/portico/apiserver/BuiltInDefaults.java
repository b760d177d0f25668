package dev.portico.apiserver;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The defaults a real API server gives built-in kinds that clients read back: a Secret's {@code stringData}
 * becomes base64 {@code data}, a Service gets a type and a cluster IP, ports their protocol and target port,
 * a Namespace its {@code Active} phase.
 */
final class BuiltInDefaults {

  private final AtomicInteger nextClusterIp = new AtomicInteger(1);

  void apply(ResourceType type, ObjectNode object, JsonNode existing) {
    if (!type.group().isEmpty()) {
      return;
    }
    switch (type.kind()) {
      case "Secret" -> secret(object);
      case "Service" -> service(object, existing);
      case "Namespace" -> object.withObjectProperty("status").put("phase",
          object.path("status").path("phase").asString("Active"));
      default -> {
      }
    }
  }

  private static void secret(ObjectNode secret) {
    if (!secret.has("type")) {
      secret.put("type", "Opaque");
    }
    if (secret.get("stringData") instanceof ObjectNode stringData) {
      ObjectNode data = secret.withObjectProperty("data");
      for (String key : stringData.propertyNames()) {
        data.put(key, Base64.getEncoder().encodeToString(
            stringData.get(key).asString().getBytes(StandardCharsets.UTF_8)));
      }
      secret.remove("stringData");
    }
  }

  private void service(ObjectNode service, JsonNode existing) {
    ObjectNode spec = service.withObjectProperty("spec");
    if (!spec.has("type")) {
      spec.put("type", "ClusterIP");
    }
    if (!spec.has("sessionAffinity")) {
      spec.put("sessionAffinity", "None");
    }
    String previousIp = existing == null ? "" : existing.path("spec").path("clusterIP").asString("");
    if (!spec.has("clusterIP") || spec.path("clusterIP").asString("").isEmpty()) {
      String ip = !previousIp.isEmpty() ? previousIp : allocate();
      spec.put("clusterIP", ip);
      spec.putArray("clusterIPs").add(ip);
    }
    for (JsonNode port : spec.path("ports")) {
      if (port instanceof ObjectNode p) {
        if (!p.has("protocol")) {
          p.put("protocol", "TCP");
        }
        if (!p.has("targetPort") && p.has("port")) {
          p.set("targetPort", p.get("port").deepCopy());
        }
      }
    }
  }

  private String allocate() {
    int n = nextClusterIp.getAndIncrement();
    return "10.96." + (n / 250) + "." + (n % 250 + 1);
  }
}
