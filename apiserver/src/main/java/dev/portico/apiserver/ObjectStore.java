package dev.portico.apiserver;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * The Fabric8 mock server's CRUD dispatcher used as the object store: it keeps the objects, resource
 * versions, generations and the status subresource; every change is also published to the {@link WatchHub}
 * because the mock's own watches speak only WebSocket, while kubectl watches over a chunked HTTP response.
 */
final class ObjectStore extends KubernetesCrudDispatcher {

  private final WatchHub hub;

  ObjectStore(WatchHub hub) {
    this.hub = hub;
  }

  /** Calls the CRUD dispatcher in process, as the mock's own HTTP server would. */
  ApiResponse call(String method, String pathAndQuery, String contentType, String body) {
    Headers.Builder headers = Headers.builder();
    if (contentType != null) {
      headers.add("Content-Type", contentType);
    }
    RecordedRequest request = new RecordedRequest("HTTP/1.1", HttpMethod.valueOf(method), pathAndQuery,
        headers.build(), new Buffer(body == null ? new byte[0] : body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    MockResponse response = dispatch(request);
    if (response == null) {
      return ApiResponse.status(Statuses.of(405, "MethodNotAllowed", "method " + method + " is not supported"));
    }
    Buffer responseBody = response.getBody();
    return new ApiResponse(response.code(), responseBody == null ? "" : responseBody.readUtf8(), "application/json");
  }

  @Override
  public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
      GenericKubernetesResource resource, String newState) {
    String existing = oldAttributes == null ? null : map.get(oldAttributes);
    super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
    if (Objects.equals(existing, newState)) {
      return;
    }
    AttributeSet newAttributes = null;
    if (newState != null) {
      newAttributes = resource != null
          ? ((KubernetesAttributesExtractor) attributeExtractor).extract(resource)
          : attributeExtractor.fromResource(newState);
      if (!newAttributes.containsKey(KubernetesAttributesExtractor.PLURAL)) {
        newAttributes = AttributeSet.merge(pathAttributes, newAttributes);
      }
    }
    if (newState == null) {
      JsonNode deleted = withResourceVersion(existing);
      hub.publish(WatchHub.Type.DELETED, deleted, deleted, oldAttributes, null);
    } else if (existing == null) {
      hub.publish(WatchHub.Type.ADDED, null, parse(newState), null, newAttributes);
    } else {
      hub.publish(WatchHub.Type.MODIFIED, parse(existing), parse(newState), oldAttributes, newAttributes);
    }
  }

  // a real API server gives the DELETED event a fresh resource version, so watchers can resume after it
  private JsonNode withResourceVersion(String json) {
    JsonNode node = parse(json);
    if (node instanceof ObjectNode object && object.path("metadata") instanceof ObjectNode metadata) {
      metadata.put("resourceVersion", String.valueOf(requestResourceVersion()));
    }
    return node;
  }

  private static JsonNode parse(String json) {
    return Json.MAPPER.readTree(json);
  }
}
