package dev.portico.apiserver;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * Server-side printing: a meta.k8s.io/v1 Table whose columns are Name plus the type's printer columns,
 * as {@code kubectl get} asks with {@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io}.
 */
final class TableRenderer {

  static final String CONTENT_TYPE = "application/json;as=Table;v=v1;g=meta.k8s.io";

  private TableRenderer() {
  }

  /** True when the Accept header asks for a Table. */
  static boolean wanted(String accept) {
    return accept != null && accept.contains("as=Table");
  }

  /** What each row carries besides its cells: the {@code includeObject} parameter (default {@code Metadata}). */
  enum RowObject {
    NONE, METADATA, OBJECT;

    static RowObject of(String includeObject) {
      if ("None".equalsIgnoreCase(includeObject)) {
        return NONE;
      }
      return "Object".equalsIgnoreCase(includeObject) ? OBJECT : METADATA;
    }
  }

  static ObjectNode table(ResourceType type, List<JsonNode> objects, String resourceVersion, boolean withColumns,
      RowObject rowObject) {
    ObjectNode table = Json.object();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    ObjectNode metadata = table.putObject("metadata");
    if (resourceVersion != null) {
      metadata.put("resourceVersion", resourceVersion);
    }
    List<PrinterColumn> columns = type.tableColumns();
    ArrayNode definitions = table.putArray("columnDefinitions");
    if (withColumns) {
      for (PrinterColumn column : columns) {
        ObjectNode definition = definitions.addObject();
        definition.put("name", column.name());
        definition.put("type", column.type());
        definition.put("format", column.format());
        definition.put("description", column.description());
        definition.put("priority", column.priority());
      }
    }
    ArrayNode rows = table.putArray("rows");
    List<ColumnPath> paths = columns.stream()
        .map(c -> c.computed() == null ? ColumnPath.compile(c.jsonPath()) : null).toList();
    for (JsonNode object : objects) {
      rows.add(row(columns, paths, object, rowObject));
    }
    return table;
  }

  private static ObjectNode row(List<PrinterColumn> columns, List<ColumnPath> paths, JsonNode object,
      RowObject rowObject) {
    ObjectNode row = Json.object();
    ArrayNode cells = row.putArray("cells");
    String json = Json.write(object);
    for (int i = 0; i < columns.size(); i++) {
      PrinterColumn column = columns.get(i);
      cells.add(cell(column, column.computed() != null ? column.computed().apply(object) : paths.get(i).firstValue(json)));
    }
    if (rowObject == RowObject.OBJECT) {
      // kubectl asks for whole objects when it sorts (--sort-by) on the client
      row.set("object", object.deepCopy());
    } else if (rowObject == RowObject.METADATA) {
      ObjectNode partial = row.putObject("object");
      partial.put("kind", "PartialObjectMetadata");
      partial.put("apiVersion", "meta.k8s.io/v1");
      partial.set("metadata", object.path("metadata").deepCopy());
    }
    return row;
  }

  private static JsonNode cell(PrinterColumn column, Object value) {
    if (value == null) {
      return Json.MAPPER.nullNode();
    }
    if ("date".equals(column.type())) {
      // the API server turns date columns into ages, as it does for its own AGE column
      return Json.MAPPER.getNodeFactory().stringNode(HumanDuration.since(String.valueOf(value), java.time.Instant.now()));
    }
    if (value instanceof Map<?, ?> || value instanceof List<?>) {
      // lists and objects print as JSON, as the API server's JSONPath printer does: ["a.example","b.example"]
      return Json.MAPPER.getNodeFactory().stringNode(Json.MAPPER.writeValueAsString(value));
    }
    if (value instanceof Number || value instanceof Boolean) {
      return "string".equals(column.type()) ? Json.MAPPER.getNodeFactory().stringNode(String.valueOf(value))
          : Json.MAPPER.valueToTree(value);
    }
    return Json.MAPPER.getNodeFactory().stringNode(String.valueOf(value));
  }
}
