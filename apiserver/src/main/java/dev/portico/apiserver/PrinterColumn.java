package dev.portico.apiserver;

import tools.jackson.databind.JsonNode;

/** One column of {@code kubectl get}: a CRD's additionalPrinterColumns entry, or a built-in kind's. */
record PrinterColumn(String name, String type, String format, String description, String jsonPath, int priority) {

  static final PrinterColumn AGE = new PrinterColumn("Age", "date", "", "CreationTimestamp is a timestamp "
      + "representing the server time when this object was created.", ".metadata.creationTimestamp", 0);

  static PrinterColumn of(String name, String jsonPath) {
    return new PrinterColumn(name, "string", "", "", jsonPath, 0);
  }

  static PrinterColumn fromCrd(JsonNode column) {
    return new PrinterColumn(column.path("name").asString(), column.path("type").asString("string"),
        column.path("format").asString(""), column.path("description").asString(""),
        column.path("jsonPath").asString(), column.path("priority").asInt(0));
  }
}
