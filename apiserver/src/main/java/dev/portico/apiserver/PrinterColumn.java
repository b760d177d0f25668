package dev.portico.apiserver;

import tools.jackson.databind.JsonNode;

import java.util.Locale;
import java.util.function.Function;

/**
 * One column of {@code kubectl get}: a CRD's additionalPrinterColumns entry, or a built-in kind's. A column's
 * value is its JSONPath's first match, or for the few built-in columns that no JSONPath can say (an event's
 * {@code gatewayroute/name}), {@code computed}'s answer.
 */
record PrinterColumn(String name, String type, String format, String description, String jsonPath, int priority,
    Function<JsonNode, Object> computed) {

  static final PrinterColumn NAME = new PrinterColumn("Name", "string", "name",
      "Name must be unique within a namespace.", ".metadata.name", 0, null);

  static final PrinterColumn AGE = new PrinterColumn("Age", "date", "", "CreationTimestamp is a timestamp "
      + "representing the server time when this object was created.", ".metadata.creationTimestamp", 0, null);

  /**
   * The API server's own table for core/v1 Events (its event printer): when, what, and which object, with
   * {@code kind/name} as the object; the name and counts only with {@code -o wide}.
   */
  static final java.util.List<PrinterColumn> EVENT_TABLE = java.util.List.of(
      computed("Last Seen", "date", 0, e -> firstText(e, "lastTimestamp", "eventTime", "firstTimestamp")),
      of("Type", ".type"),
      of("Reason", ".reason"),
      computed("Object", "string", 0, PrinterColumn::involvedObject),
      of("Subobject", ".involvedObject.fieldPath").withPriority(1),
      of("Source", ".source.component").withPriority(1),
      of("Message", ".message"),
      computed("First Seen", "date", 1, e -> firstText(e, "firstTimestamp", "eventTime")),
      of("Count", ".count").withPriority(1),
      NAME.withPriority(1));

  static PrinterColumn of(String name, String jsonPath) {
    return new PrinterColumn(name, "string", "", "", jsonPath, 0, null);
  }

  static PrinterColumn computed(String name, String type, int priority, Function<JsonNode, Object> value) {
    return new PrinterColumn(name, type, "", "", null, priority, value);
  }

  static PrinterColumn fromCrd(JsonNode column) {
    return new PrinterColumn(column.path("name").asString(), column.path("type").asString("string"),
        column.path("format").asString(""), column.path("description").asString(""),
        column.path("jsonPath").asString(), column.path("priority").asInt(0), null);
  }

  PrinterColumn withPriority(int priority) {
    return new PrinterColumn(name, type, format, description, jsonPath, priority, computed);
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

  private static Object involvedObject(JsonNode event) {
    JsonNode involved = event.path("involvedObject");
    String kind = involved.path("kind").asString("").toLowerCase(Locale.ROOT);
    String name = involved.path("name").asString("");
    return name.isEmpty() ? kind : kind + "/" + name;
  }
}
