package dev.portico.apiserver;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * What a real API server checks before it stores an object: the name and namespace agree with the URL,
 * kind and apiVersion match the resource, and a custom resource gets its schema defaults, loses (or, under
 * {@code fieldValidation=Strict}, is refused for) undeclared fields, and must satisfy its CRD schema.
 */
final class ObjectAdmission {

  private final BuiltInDefaults builtInDefaults = new BuiltInDefaults();

  /** Null when the object may be stored (it may have been defaulted or pruned in place), else the refusal. */
  ApiResponse admit(ApiRequest request, ResourcePath path, ResourceType type, ObjectNode object, JsonNode existing) {
    ObjectNode metadata = object.withObjectProperty("metadata");
    if (type.namespaced()) {
      String namespace = metadata.path("namespace").asString("");
      if (namespace.isEmpty() && path.namespace() != null) {
        metadata.put("namespace", path.namespace());
      } else if (path.namespace() != null && !namespace.equals(path.namespace())) {
        return ApiResponse.status(Statuses.badRequest(
            "the namespace of the provided object does not match the namespace sent on the request"));
      }
    } else {
      // cluster-scoped objects have no namespace; a stray one would hide the object from its own URL
      metadata.remove("namespace");
    }
    String name = metadata.path("name").asString("");
    if (path.name() != null && !name.isEmpty() && !name.equals(path.name())) {
      return ApiResponse.status(Statuses.badRequest("the name of the object (" + name
          + ") does not match the name on the URL (" + path.name() + ")"));
    }
    if (name.isEmpty() && path.name() != null) {
      metadata.put("name", path.name());
      name = path.name();
    }
    if (name.isEmpty() && metadata.path("generateName").asString("").isEmpty()) {
      return ApiResponse.status(invalidMetadata(type, "metadata.name", "name or generateName is required"));
    }
    FieldError badName = ObjectNames.check(type, name);
    if (badName != null) {
      return ApiResponse.status(Statuses.invalid(type, name, List.of(badName)));
    }
    if (!object.has("kind")) {
      object.put("kind", type.kind());
    }
    if (!object.has("apiVersion")) {
      object.put("apiVersion", type.apiVersion());
    }
    if (!type.kind().equals(object.path("kind").asString()) || !type.apiVersion().equals(object.path("apiVersion").asString())) {
      return ApiResponse.status(Statuses.badRequest("the API version in the data (" + object.path("apiVersion").asString()
          + ") and kind (" + object.path("kind").asString() + ") do not match " + type.apiVersion() + " " + type.kind()));
    }
    if (!type.custom()) {
      builtInDefaults.apply(type, object, existing);
      return null;
    }
    if (type.schema() == null || type.schema().isMissingNode()) {
      return null;
    }
    return admitCustom(request, path, type, object, existing, name);
  }

  private static ApiResponse admitCustom(ApiRequest request, ResourcePath path, ResourceType type, ObjectNode object,
      JsonNode existing, String name) {
    JsonNode schema = type.schema();
    List<String> unknown = SchemaDefaults.unknownFields(schema, object, "", !request.strictFieldValidation());
    if (request.strictFieldValidation() && !unknown.isEmpty()) {
      String message = unknown.size() == 1 ? "strict decoding error: unknown field \"" + unknown.get(0) + "\""
          : "strict decoding error: " + String.join(", ", unknown.stream().map(f -> "unknown field \"" + f + "\"").toList());
      return ApiResponse.status(Statuses.badRequest(message));
    }
    SchemaDefaults.apply(schema, object);
    ObjectNode effective = object.deepCopy();
    if (type.statusSubresource() && existing != null) {
      // the part of the body the server is going to ignore is not validated either
      if (path.isStatus()) {
        effective = (ObjectNode) existing.deepCopy();
        if (object.has("status")) {
          effective.set("status", object.get("status").deepCopy());
        }
      } else if (existing.has("status")) {
        effective.set("status", existing.get("status").deepCopy());
      } else {
        effective.remove("status");
      }
    } else if (type.statusSubresource()) {
      effective.remove("status");
    }
    List<FieldError> errors = CustomResourceSchema.of(type).validate(effective);
    if (!errors.isEmpty()) {
      String shownName = name.isEmpty() ? object.path("metadata").path("generateName").asString() : name;
      return ApiResponse.status(Statuses.invalid(type, shownName, errors));
    }
    return null;
  }

  private static ObjectNode invalidMetadata(ResourceType type, String field, String detail) {
    return Statuses.invalid(type, "", List.of(new FieldError(field, "FieldValueRequired", "Required value: " + detail)));
  }
}
