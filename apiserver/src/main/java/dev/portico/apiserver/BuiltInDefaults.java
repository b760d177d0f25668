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
    if (type.kind().equals("CustomResourceDefinition")) {
      crdStatus(object);
      return;
    }
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

  /** A CRD is served at once here, so it says so: {@code kubectl wait --for condition=established} returns. */
  private static void crdStatus(ObjectNode crd) {
    ObjectNode status = Json.object();
    status.set("acceptedNames", crd.path("spec").path("names").deepCopy());
    for (String condition : java.util.List.of("NamesAccepted", "Established")) {
      ObjectNode entry = status.withArrayProperty("conditions").addObject();
      entry.put("type", condition);
      entry.put("status", "True");
      entry.put("reason", condition.equals("Established") ? "InitialNamesAccepted" : "NoConflicts");
      entry.put("message", condition.equals("Established") ? "the initial names have been accepted"
          : "no conflicts found");
      entry.put("lastTransitionTime", java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    }
    for (JsonNode version : crd.path("spec").path("versions")) {
      if (version.path("storage").asBoolean(false)) {
        status.withArrayProperty("storedVersions").add(version.path("name").asString());
      }
    }
    crd.set("status", status);
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
