package dev.portico.apiserver;

import tools.jackson.databind.JsonNode;

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
}
