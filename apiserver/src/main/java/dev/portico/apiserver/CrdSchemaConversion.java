package dev.portico.apiserver;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a CRD's OpenAPI v3 schema into plain JSON Schema (draft 4) for the validator: {@code x-kubernetes-*}
 * extensions and formats are dropped (Kubernetes' {@code duration} is a Go duration, not ISO 8601), and
 * {@code nullable: true} becomes a {@code "null"} alternative of the type.
 */
final class CrdSchemaConversion {

  private CrdSchemaConversion() {
  }

  static JsonNode toJsonSchema(JsonNode openApi) {
    JsonNode converted = convert(openApi);
    if (converted instanceof ObjectNode root) {
      root.put("$schema", "http://json-schema.org/draft-04/schema#");
    }
    return converted;
  }

  private static JsonNode convert(JsonNode node) {
    if (node.isArray()) {
      ArrayNode array = Json.array();
      node.forEach(item -> array.add(convert(item)));
      return array;
    }
    if (!node.isObject()) {
      return node.deepCopy();
    }
    ObjectNode result = Json.object();
    List<String> names = new ArrayList<>(node.propertyNames());
    for (String name : names) {
      JsonNode value = node.get(name);
      if (name.startsWith("x-kubernetes-") || name.equals("format") || name.equals("nullable")
          || name.equals("example") || name.equals("externalDocs")) {
        continue;
      }
      if (name.equals("properties") || name.equals("patternProperties") || name.equals("definitions")) {
        ObjectNode map = Json.object();
        for (String property : value.propertyNames()) {
          map.set(property, convert(value.get(property)));
        }
        result.set(name, map);
      } else if (name.equals("enum") || name.equals("required") || name.equals("default")) {
        result.set(name, value.deepCopy());
      } else {
        result.set(name, convert(value));
      }
    }
    if (node.path("nullable").asBoolean(false) && result.has("type") && result.get("type").isString()) {
      ArrayNode types = Json.array();
      types.add(result.get("type").asString());
      types.add("null");
      result.set("type", types);
      if (result.has("enum")) {
        ((ArrayNode) result.get("enum")).addNull();
      }
    }
    return result;
  }
}
