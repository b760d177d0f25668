package dev.portico.apiserver;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Structural-schema walks a real API server does before validating: applying {@code default}s and
 * finding (or pruning) fields the schema does not declare.
 */
final class SchemaDefaults {

  private SchemaDefaults() {
  }

  /** Fills in every absent property whose schema carries a default, at any depth. */
  static void apply(JsonNode schema, JsonNode value) {
    if (value instanceof ObjectNode object) {
      JsonNode properties = schema.path("properties");
      for (String name : properties.propertyNames()) {
        JsonNode propertySchema = properties.get(name);
        if (!object.has(name) && propertySchema.has("default")) {
          object.set(name, propertySchema.get("default").deepCopy());
        }
        if (object.has(name)) {
          apply(propertySchema, object.get(name));
        }
      }
      JsonNode additional = schema.path("additionalProperties");
      if (additional.isObject()) {
        object.forEach(child -> apply(additional, child));
      }
    } else if (value != null && value.isArray() && schema.has("items")) {
      value.forEach(item -> apply(schema.get("items"), item));
    }
  }

  /**
   * Field paths ({@code spec.bogus}) of values the schema does not declare; removes them from the object
   * when {@code prune} is set, as a real server does when the client did not ask for strict validation.
   */
  static java.util.List<String> unknownFields(JsonNode schema, JsonNode value, String path, boolean prune) {
    java.util.List<String> unknown = new java.util.ArrayList<>();
    collect(schema, value, path, prune, unknown);
    return unknown;
  }

  private static void collect(JsonNode schema, JsonNode value, String path, boolean prune,
      java.util.List<String> unknown) {
    if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false) || schema.isMissingNode()) {
      return;
    }
    if (value instanceof ObjectNode object) {
      JsonNode properties = schema.path("properties");
      JsonNode additional = schema.path("additionalProperties");
      for (String name : new java.util.ArrayList<>(object.propertyNames())) {
        String child = path.isEmpty() ? name : path + "." + name;
        if (path.isEmpty() && (name.equals("apiVersion") || name.equals("kind") || name.equals("metadata"))) {
          continue;
        }
        if (properties.has(name)) {
          collect(properties.get(name), object.get(name), child, prune, unknown);
        } else if (additional.isObject()) {
          collect(additional, object.get(name), child, prune, unknown);
        } else if (!additional.asBoolean(false) && (properties.size() > 0 || schema.has("type"))) {
          unknown.add(child);
          if (prune) {
            object.remove(name);
          }
        }
      }
    } else if (value != null && value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        collect(schema.get("items"), value.get(i), path + "[" + i + "]", prune, unknown);
      }
    }
  }
}
