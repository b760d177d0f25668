package dev.portico.apiserver;

import tools.jackson.databind.JsonNode;

import java.util.Optional;

/** Sends each request to the part of the emulated API that answers it. Runs on a worker thread. */
final class ApiRouter {

  private final ResourceCatalog catalog;
  private final Discovery discovery;
  private final OpenApiDocuments openApi;
  private final ResourceRequests resources;
  private final java.util.function.Supplier<String> serverAddress;

  ApiRouter(ResourceCatalog catalog, ResourceRequests resources, java.util.function.Supplier<String> serverAddress) {
    this.catalog = catalog;
    this.discovery = new Discovery(catalog);
    this.openApi = new OpenApiDocuments(catalog);
    this.resources = resources;
    this.serverAddress = serverAddress;
  }

  ApiResponse route(ApiRequest request) {
    String path = request.path().length() > 1 ? request.path().replaceAll("/+$", "") : request.path();
    if (request.method().equals("GET")) {
      ApiResponse fixed = readOnly(path);
      if (fixed != null) {
        return fixed;
      }
    }
    ResourcePath resourcePath = ResourcePath.parse(path);
    if (resourcePath == null) {
      return notFound();
    }
    Optional<ResourceType> type = resolve(resourcePath);
    if (type.isEmpty()) {
      return notFound();
    }
    return resources.handle(request, resourcePath, type.get());
  }

  Optional<ResourceType> resolve(ResourcePath path) {
    return catalog.find(path.group(), path.version(), path.plural());
  }

  private ApiResponse readOnly(String path) {
    switch (path) {
      case "/version":
        return ApiResponse.ok(Discovery.version());
      case "/api":
        return ApiResponse.ok(Discovery.coreVersions(serverAddress.get()));
      case "/apis":
        return ApiResponse.ok(discovery.groupList());
      case "/openapi/v3":
        return ApiResponse.ok(openApi.index());
      case "/healthz", "/readyz", "/livez":
        return new ApiResponse(200, "ok", "text/plain");
      default:
        break;
    }
    if (path.startsWith("/openapi/v3/")) {
      String key = path.substring("/openapi/v3/".length());
      JsonNode document = openApi.document(key);
      return document == null ? ApiResponse.status(OpenApiDocuments.notFound(key)) : ApiResponse.ok(document);
    }
    String[] parts = path.substring(1).split("/");
    if (parts.length == 2 && parts[0].equals("api")) {
      return orNotFound(discovery.resources("", parts[1]));
    }
    if (parts.length == 2 && parts[0].equals("apis")) {
      return orNotFound(discovery.group(parts[1]));
    }
    if (parts.length == 3 && parts[0].equals("apis")) {
      return orNotFound(discovery.resources(parts[1], parts[2]));
    }
    return null;
  }

  private static ApiResponse orNotFound(JsonNode document) {
    return document == null ? notFound() : ApiResponse.ok(document);
  }

  static ApiResponse notFound() {
    return ApiResponse.status(Statuses.of(404, "NotFound", "the server could not find the requested resource"));
  }
}
