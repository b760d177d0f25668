package dev.portico.apiserver;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenAPI v3 as kubectl reads it: an index of group versions, and per group version a document whose item
 * paths carry a {@code patch} operation with {@code x-kubernetes-group-version-kind} and a
 * {@code fieldValidation} parameter (so kubectl leaves validation to the server), and whose
 * {@code components.schemas} hold each kind's schema (so {@code kubectl explain} has descriptions).
 */
final class OpenApiDocuments {

  private final ResourceCatalog catalog;

  OpenApiDocuments(ResourceCatalog catalog) {
    this.catalog = catalog;
  }

  ObjectNode index() {
    ObjectNode index = Json.object();
    ObjectNode paths = index.putObject("paths");
    byGroupVersion().forEach((key, types) -> {
      String hash = Integer.toHexString(Json.write(document(types)).hashCode());
      paths.putObject(key).put("serverRelativeURL", "/openapi/v3/" + key + "?hash=" + hash);
    });
    return index;
  }

  /** The document of {@code api/v1} or {@code apis/<group>/<version>}, or null when nothing is served there. */
  ObjectNode document(String key) {
    List<ResourceType> types = byGroupVersion().get(key);
    return types == null ? null : document(types);
  }

  private Map<String, List<ResourceType>> byGroupVersion() {
    Map<String, List<ResourceType>> groups = new LinkedHashMap<>();
    for (ResourceType type : catalog.all()) {
      groups.computeIfAbsent(type.groupVersionPath().substring(1), k -> new java.util.ArrayList<>()).add(type);
    }
    return groups;
  }

  private static ObjectNode document(List<ResourceType> types) {
    ObjectNode doc = Json.object();
    doc.put("openapi", "3.0.0");
    ObjectNode info = doc.putObject("info");
    info.put("title", "Kubernetes");
    info.put("version", "v1.32.0");
    ObjectNode paths = doc.putObject("paths");
    ObjectNode schemas = doc.putObject("components").putObject("schemas");
    for (ResourceType type : types) {
      String ref = schemaName(type);
      schemas.set(ref, kindSchema(type));
      String collection = type.groupVersionPath() + (type.namespaced() ? "/namespaces/{namespace}" : "") + "/" + type.plural();
      ObjectNode collectionPath = paths.putObject(collection);
      collectionPath.set("get", operation(type, "list", ref, false));
      collectionPath.set("post", operation(type, "post", ref, true));
      ObjectNode item = paths.putObject(collection + "/{name}");
      item.set("get", operation(type, "get", ref, false));
      item.set("put", operation(type, "put", ref, true));
      item.set("patch", operation(type, "patch", ref, true));
      item.set("delete", operation(type, "delete", ref, false));
      ArrayNode parameters = item.putArray("parameters");
      parameters.add(pathParameter("name"));
      if (type.namespaced()) {
        parameters.add(pathParameter("namespace"));
      }
      if (type.statusSubresource()) {
        ObjectNode status = paths.putObject(collection + "/{name}/status");
        status.set("get", operation(type, "get", ref, false));
        status.set("put", operation(type, "put", ref, true));
        status.set("patch", operation(type, "patch", ref, true));
      }
    }
    return doc;
  }

  /** {@code dev.portico.v1alpha1.GatewayRoute}, {@code io.k8s.api.core.v1.Service}: the names real servers use. */
  static String schemaName(ResourceType type) {
    if (type.group().isEmpty()) {
      return "io.k8s.api.core.v1." + type.kind();
    }
    List<String> parts = new java.util.ArrayList<>(List.of(type.group().split("\\.")));
    java.util.Collections.reverse(parts);
    return String.join(".", parts) + "." + type.version() + "." + type.kind();
  }

  private static ObjectNode kindSchema(ResourceType type) {
    ObjectNode schema = type.schema() != null && type.schema().isObject()
        ? withoutStandardFields((ObjectNode) type.schema().deepCopy())
        : Json.object();
    schema.put("type", "object");
    if (!schema.has("description")) {
      schema.put("description", type.kind() + " (served by the Portico emulated Kubernetes API).");
    }
    ObjectNode properties = schema.withObjectProperty("properties");
    properties.set("apiVersion", described("string", "APIVersion defines the versioned schema of this representation "
        + "of an object. Servers should convert recognized schemas to the latest internal value, and may reject "
        + "unrecognized values."));
    properties.set("kind", described("string", "Kind is a string value representing the REST resource this object "
        + "represents. Servers may infer this from the endpoint the client submits requests to. In CamelCase."));
    ObjectNode metadata = described("object", "Standard object's metadata.");
    metadata.put("x-kubernetes-preserve-unknown-fields", true);
    properties.set("metadata", metadata);
    if (type.schema() == null) {
      schema.put("x-kubernetes-preserve-unknown-fields", true);
    }
    ObjectNode gvk = schema.putArray("x-kubernetes-group-version-kind").addObject();
    gvk.put("group", type.group());
    gvk.put("version", type.version());
    gvk.put("kind", type.kind());
    return schema;
  }

  /** The CRD's own apiVersion/kind/metadata entries give way to the standard, described ones. */
  private static ObjectNode withoutStandardFields(ObjectNode schema) {
    if (schema.path("properties") instanceof ObjectNode properties) {
      properties.remove(List.of("apiVersion", "kind", "metadata"));
    }
    return schema;
  }

  private static ObjectNode described(String type, String description) {
    ObjectNode node = Json.object();
    node.put("type", type);
    node.put("description", description);
    return node;
  }

  private static ObjectNode operation(ResourceType type, String action, String ref, boolean writes) {
    ObjectNode op = Json.object();
    op.put("operationId", action + type.kind());
    op.put("x-kubernetes-action", action);
    ObjectNode gvk = op.putObject("x-kubernetes-group-version-kind");
    gvk.put("group", type.group());
    gvk.put("version", type.version());
    gvk.put("kind", type.kind());
    ArrayNode parameters = op.putArray("parameters");
    if (writes) {
      parameters.add(queryParameter("dryRun"));
      parameters.add(queryParameter("fieldManager"));
      parameters.add(queryParameter("fieldValidation"));
      if (action.equals("patch")) {
        parameters.add(queryParameter("force"));
      }
      ObjectNode content = op.putObject("requestBody").putObject("content");
      List<String> mediaTypes = action.equals("patch")
          ? List.of(Patches.JSON_PATCH, Patches.MERGE_PATCH, Patches.APPLY_PATCH)
          : List.of("application/json", "application/yaml");
      for (String mediaType : mediaTypes) {
        content.putObject(mediaType).putObject("schema").put("$ref", "#/components/schemas/" + ref);
      }
    }
    ObjectNode ok = op.putObject("responses").putObject("200");
    ok.put("description", "OK");
    ok.putObject("content").putObject("application/json").putObject("schema").put("$ref", "#/components/schemas/" + ref);
    return op;
  }

  private static ObjectNode queryParameter(String name) {
    ObjectNode parameter = Json.object();
    parameter.put("name", name);
    parameter.put("in", "query");
    parameter.put("description", name);
    parameter.putObject("schema").put("type", "string");
    return parameter;
  }

  private static ObjectNode pathParameter(String name) {
    ObjectNode parameter = Json.object();
    parameter.put("name", name);
    parameter.put("in", "path");
    parameter.put("required", true);
    parameter.putObject("schema").put("type", "string");
    return parameter;
  }

  static JsonNode notFound(String key) {
    return Statuses.of(404, "NotFound", "the server could not find the requested OpenAPI document " + key);
  }
}
