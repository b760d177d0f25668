package dev.portico.apiserver;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tables the API server prints for built-in kinds where a JSONPath per column cannot say it: its own printers
 * compute an event's object ({@code gatewayroute/name}) or a Service's ports ({@code 80/TCP}).
 */
final class BuiltInColumns {

  /**
   * The API server's own table for core/v1 Events (its event printer): when, what, and which object, with
   * {@code kind/name} as the object; the name and counts only with {@code -o wide}.
   */
  static final List<PrinterColumn> EVENTS = List.of(
      PrinterColumn.computed("Last Seen", "date", 0,
          e -> firstText(e, "lastTimestamp", "eventTime", "firstTimestamp")),
      PrinterColumn.of("Type", ".type"),
      PrinterColumn.of("Reason", ".reason"),
      PrinterColumn.computed("Object", "string", 0, BuiltInColumns::involvedObject),
      PrinterColumn.of("Subobject", ".involvedObject.fieldPath").withPriority(1),
      PrinterColumn.of("Source", ".source.component").withPriority(1),
      PrinterColumn.of("Message", ".message"),
      PrinterColumn.computed("First Seen", "date", 1, e -> firstText(e, "firstTimestamp", "eventTime")),
      PrinterColumn.of("Count", ".count").withPriority(1),
      PrinterColumn.NAME.withPriority(1));

  /** The API server's Service columns after Name: type, cluster IP, external IP and ports as {@code 80/TCP}. */
  static final List<PrinterColumn> SERVICES = List.of(
      PrinterColumn.of("Type", ".spec.type"),
      PrinterColumn.of("Cluster-IP", ".spec.clusterIP"),
      PrinterColumn.computed("External-IP", "string", 0, BuiltInColumns::externalIp),
      PrinterColumn.computed("Port(s)", "string", 0, BuiltInColumns::servicePorts));

  private BuiltInColumns() {
  }

  private static Object firstText(JsonNode object, String... fields) {
    for (String field : fields) {
      String value = object.path(field).asString("");
      if (!value.isEmpty()) {
        return value;
      }
    }
    return null;
  }

  private static Object externalIp(JsonNode service) {
    JsonNode spec = service.path("spec");
    List<String> ips = new ArrayList<>();
    service.path("status").path("loadBalancer").path("ingress")
        .forEach(i -> ips.add(i.path("ip").asString(i.path("hostname").asString(""))));
    spec.path("externalIPs").forEach(ip -> ips.add(ip.asString()));
    ips.removeIf(String::isEmpty);
    return switch (spec.path("type").asString("ClusterIP")) {
      case "ExternalName" -> spec.path("externalName").asString("<none>");
      case "LoadBalancer" -> ips.isEmpty() ? "<pending>" : String.join(",", ips);
      default -> ips.isEmpty() ? "<none>" : String.join(",", ips);
    };
  }

  private static Object servicePorts(JsonNode service) {
    List<String> ports = new ArrayList<>();
    for (JsonNode port : service.path("spec").path("ports")) {
      String nodePort = port.path("nodePort").asInt(0) > 0 ? ":" + port.path("nodePort").asInt() : "";
      ports.add(port.path("port").asInt() + nodePort + "/" + port.path("protocol").asString("TCP"));
    }
    return ports.isEmpty() ? "<none>" : String.join(",", ports);
  }

  private static Object involvedObject(JsonNode event) {
    JsonNode involved = event.path("involvedObject");
    String kind = involved.path("kind").asString("").toLowerCase(Locale.ROOT);
    String name = involved.path("name").asString("");
    return name.isEmpty() ? kind : kind + "/" + name;
  }
}
