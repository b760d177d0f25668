package dev.portico.apiserver;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Get, list, create, update, patch and delete of every served type: the checks and conversions a real API
 * server makes (schema validation, Table output, field selectors, patch types, server-side apply) around
 * the mock server's CRUD store, which keeps objects, versions, generations and the status subresource.
 */
final class ResourceRequests {
  /**
   * How long a deleted namespace stays Terminating before its objects and then it are gone. A real server's
   * namespace controller takes seconds; without the pause, {@code kubectl delete -f} of a file that lists the
   * namespace first finds the rest already deleted and fails with NotFound.
   */
  static final long TERMINATION_MILLIS = 1_000;

  private final ObjectStore store;
  private final ResourceCatalog catalog;
  private final ObjectAdmission admission = new ObjectAdmission();
  private final ServerSideApply serverSideApply = new ServerSideApply();
  // read-modify-write steps (patch, apply) must not interleave with other writes
  private final ReentrantLock writes = new ReentrantLock();
  private final Set<String> terminating = ConcurrentHashMap.newKeySet();

  ResourceRequests(ObjectStore store, ResourceCatalog catalog) {
    this.store = store;
    this.catalog = catalog;
  }

  ApiResponse handle(ApiRequest request, ResourcePath path, ResourceType type) {
    String mediaType = Patches.mediaType(request.contentType());
    if (mediaType != null && (mediaType.contains("protobuf") || mediaType.contains("cbor"))
        && !request.method().equals("GET") && !request.method().equals("DELETE")) {
      return ApiResponse.status(Statuses.of(415, "UnsupportedMediaType", "the body of the request was in an unknown "
          + "format - accepted media types include: application/json, application/yaml"));
    }
    try {
      return switch (request.method()) {
        case "GET" -> path.name() == null ? list(request, path, type) : get(request, path, type);
        case "POST" -> locked(() -> create(request, path, type, parseBody(request.body())));
        case "PUT" -> locked(() -> update(request, path, type, parseBody(request.body())));
        case "PATCH" -> locked(() -> patch(request, path, type));
        case "DELETE" -> locked(() -> delete(path, type));
        default -> ApiResponse.status(Statuses.of(405, "MethodNotAllowed", "method " + request.method() + " not allowed"));
      };
    } catch (JacksonException e) {
      return ApiResponse.status(Statuses.badRequest("the body of the request could not be decoded: " + e.getOriginalMessage()));
    } catch (IllegalArgumentException e) {
      return ApiResponse.status(Statuses.badRequest(e.getMessage()));
    }
  }

  private ApiResponse locked(java.util.function.Supplier<ApiResponse> write) {
    writes.lock();
    try {
      return write.get();
    } finally {
      writes.unlock();
    }
  }

  /** The objects of a collection after label and field selection, plus the list's resource version. */
  ListResult select(ResourcePath path, ResourceType type, String labelSelector, String fieldSelector) {
    JsonNode list = store.call("GET", type.collectionPath(path.namespace()), null, null).bodyNode();
    java.util.function.Predicate<JsonNode> selector = LabelSelector.parse(labelSelector)
        .and(FieldSelector.parse(fieldSelector));
    List<JsonNode> items = new ArrayList<>();
    for (JsonNode item : list.path("items")) {
      if (selector.test(item)) {
        items.add(item);
      }
    }
    items.sort(java.util.Comparator.comparing((JsonNode i) -> i.path("metadata").path("namespace").asString(""))
        .thenComparing(i -> i.path("metadata").path("name").asString("")));
    return new ListResult(items, list.path("metadata").path("resourceVersion").asString("0"));
  }

  record ListResult(List<JsonNode> items, String resourceVersion) {
  }

  private ApiResponse list(ApiRequest request, ResourcePath path, ResourceType type) {
    ListResult result = select(path, type, request.param("labelSelector"), request.param("fieldSelector"));
    if (TableRenderer.wanted(request.accept())) {
      return table(TableRenderer.table(type, result.items(), result.resourceVersion(), true,
          TableRenderer.RowObject.of(request.param("includeObject"))));
    }
    ObjectNode list = Json.object();
    list.put("kind", type.kind() + "List");
    list.put("apiVersion", type.apiVersion());
    list.putObject("metadata").put("resourceVersion", result.resourceVersion());
    list.putArray("items").addAll(result.items());
    return ApiResponse.ok(list);
  }

  private ApiResponse get(ApiRequest request, ResourcePath path, ResourceType type) {
    ApiResponse stored = store.call("GET", path.objectPath(type), null, null);
    if (stored.code() == 404) {
      return ApiResponse.status(Statuses.notFound(type, path.name()));
    }
    if (TableRenderer.wanted(request.accept()) && stored.isSuccess()) {
      JsonNode object = stored.bodyNode();
      return table(TableRenderer.table(type, List.of(object), object.path("metadata").path("resourceVersion").asString(),
          true, TableRenderer.RowObject.of(request.param("includeObject"))));
    }
    return stored;
  }

  private static ApiResponse table(JsonNode table) {
    return new ApiResponse(200, Json.write(table), TableRenderer.CONTENT_TYPE);
  }

  private ApiResponse create(ApiRequest request, ResourcePath path, ResourceType type, JsonNode body) {
    if (path.name() != null) {
      return ApiResponse.status(Statuses.of(405, "MethodNotAllowed", "POST is not allowed on a single object"));
    }
    ObjectNode object = requireObject(body);
    if (type.namespaced() && terminating.contains(path.namespace())) {
      return ApiResponse.status(Statuses.of(403, "Forbidden", type.groupResource() + " \""
          + object.path("metadata").path("name").asString("") + "\" is forbidden: unable to create new content in "
          + "namespace " + path.namespace() + " because it is being terminated"));
    }
    ApiResponse refused = admission.admit(request, path, type, object, null);
    if (refused != null) {
      return refused;
    }
    if (type.statusSubresource() && type.custom()) {
      object.remove("status");
    }
    if (request.dryRun()) {
      return ApiResponse.json(201, object);
    }
    ApiResponse created = store.call("POST", type.collectionPath(path.namespace()), "application/json", Json.write(object));
    return created.isSuccess() ? new ApiResponse(201, created.body(), created.contentType()) : created;
  }

  private ApiResponse update(ApiRequest request, ResourcePath path, ResourceType type, JsonNode body) {
    if (path.name() == null) {
      return ApiResponse.status(Statuses.of(405, "MethodNotAllowed", "PUT needs an object name"));
    }
    ObjectNode object = requireObject(body);
    ApiResponse current = store.call("GET", path.objectPath(type), null, null);
    if (current.code() == 404) {
      return ApiResponse.status(Statuses.notFound(type, path.name()));
    }
    ApiResponse refused = admission.admit(request, path, type, object, current.bodyNode());
    if (refused != null) {
      return refused;
    }
    if (request.dryRun()) {
      return ApiResponse.ok(object);
    }
    String target = path.objectPath(type) + (path.isStatus() ? "/status" : "");
    return store.call("PUT", target, "application/json", Json.write(object));
  }

  private ApiResponse patch(ApiRequest request, ResourcePath path, ResourceType type) {
    String mediaType = Patches.mediaType(request.contentType());
    boolean known = Patches.JSON_PATCH.equals(mediaType) || Patches.MERGE_PATCH.equals(mediaType)
        || Patches.APPLY_PATCH.equals(mediaType) || (Patches.STRATEGIC_MERGE_PATCH.equals(mediaType) && !type.custom());
    if (!known || path.name() == null) {
      return ApiResponse.status(Statuses.unsupportedMediaType(request.contentType()));
    }
    ApiResponse current = store.call("GET", path.objectPath(type), null, null);
    if (current.code() == 404) {
      if (Patches.APPLY_PATCH.equals(mediaType) && !path.isStatus()) {
        // server-side apply of an absent object creates it
        JsonNode applied = Json.YAML.readTree(request.body());
        ApiResponse created = create(request, new ResourcePath(path.group(), path.version(), path.namespace(),
            path.plural(), null, null), type, applied.deepCopy());
        if (created.isSuccess() && !request.dryRun()) {
          serverSideApply.applied(created.bodyNode(), applied, manager(request), null);
        }
        return created;
      }
      return ApiResponse.status(Statuses.notFound(type, path.name()));
    }
    JsonNode existing = current.bodyNode();
    boolean apply = Patches.APPLY_PATCH.equals(mediaType);
    JsonNode applied = apply ? Json.YAML.readTree(request.body()) : null;
    JsonNode patched;
    try {
      patched = apply ? serverSideApply.merge(existing, applied, manager(request), path.subresource())
          : Patches.apply(mediaType, existing, request.body());
    } catch (RuntimeException e) {
      if (e instanceof JacksonException jackson) {
        throw jackson;
      }
      return ApiResponse.status(Statuses.of(422, "Invalid", "the patch could not be applied: " + e.getMessage()));
    }
    ObjectNode object = requireObject(patched);
    String currentVersion = existing.path("metadata").path("resourceVersion").asString();
    String wantedVersion = object.path("metadata").path("resourceVersion").asString("");
    if (!wantedVersion.isEmpty() && !wantedVersion.equals(currentVersion)) {
      // a patch that names a resourceVersion is an optimistic lock, as on a real server
      return ApiResponse.status(Statuses.conflict(type, path.name()));
    }
    object.withObjectProperty("metadata").put("resourceVersion", currentVersion);
    ApiResponse updated = update(request, path, type, object);
    if (apply && updated.isSuccess() && !request.dryRun()) {
      serverSideApply.applied(updated.bodyNode(), applied, manager(request), path.subresource());
    }
    return updated;
  }

  private static String manager(ApiRequest request) {
    String manager = request.param("fieldManager");
    return manager == null ? "unknown" : manager;
  }

  private ApiResponse delete(ResourcePath path, ResourceType type) {
    if (path.name() == null) {
      return store.call("DELETE", type.collectionPath(path.namespace()), null, null);
    }
    if (type.group().isEmpty() && type.kind().equals("Namespace")) {
      return terminate(path, type);
    }
    ApiResponse deleted = store.call("DELETE", path.objectPath(type), null, null);
    if (deleted.code() == 404) {
      return ApiResponse.status(Statuses.notFound(type, path.name()));
    }
    if (type.kind().equals("CustomResourceDefinition") && deleted.isSuccess()) {
      // the custom resources go with their definition
      for (ResourceType served : ResourceCatalog.fromCrd(deleted.bodyNode())) {
        store.call("DELETE", served.collectionPath(null), null, null);
      }
    }
    if (deleted.body().isBlank()) {
      return ApiResponse.ok(Statuses.success(type, path.name()));
    }
    return deleted;
  }

  /**
   * Deleting a namespace marks it Terminating (answered with the marked object, as a real server does), refuses new
   * objects in it, and a moment later deletes its objects and then the namespace itself.
   */
  private ApiResponse terminate(ResourcePath path, ResourceType type) {
    ApiResponse current = store.call("GET", path.objectPath(type), null, null);
    if (current.code() == 404) {
      return ApiResponse.status(Statuses.notFound(type, path.name()));
    }
    if (!terminating.add(path.name())) {
      return current;
    }
    ObjectNode marked = requireObject(current.bodyNode().deepCopy());
    // the phase only: the mock's store deletes at once an object updated with a deletionTimestamp and no finalizer
    marked.withObjectProperty("status").put("phase", "Terminating");
    ApiResponse answer = store.call("PUT", path.objectPath(type), "application/json", Json.write(marked));
    CompletableFuture.runAsync(() -> locked(() -> finishTermination(path, type)),
        CompletableFuture.delayedExecutor(TERMINATION_MILLIS, TimeUnit.MILLISECONDS));
    return answer;
  }

  private ApiResponse finishTermination(ResourcePath path, ResourceType type) {
    for (ResourceType member : catalog.all()) {
      if (member.namespaced()) {
        store.call("DELETE", member.collectionPath(path.name()), null, null);
      }
    }
    ApiResponse deleted = store.call("DELETE", path.objectPath(type), null, null);
    terminating.remove(path.name());
    return deleted;
  }

  private static JsonNode parseBody(String body) {
    if (body == null || body.isBlank()) {
      throw new IllegalArgumentException("the request has no body");
    }
    String trimmed = body.stripLeading();
    return trimmed.startsWith("{") ? Json.parse(body) : Json.YAML.readTree(body);
  }

  private static ObjectNode requireObject(JsonNode body) {
    if (!(body instanceof ObjectNode object)) {
      throw new IllegalArgumentException("the body must be a JSON object");
    }
    return object;
  }
}
