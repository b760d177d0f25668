package dev.portico.apiserver;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesResponseComposer;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The Fabric8 mock server's CRUD dispatcher used as the object store: it keeps the objects, resource
 * versions, generations and the status subresource; every change is also published to the {@link WatchHub}
 * because the mock's own watches speak only WebSocket, while kubectl watches over a chunked HTTP response.
 * The mock finds objects by scanning all of them; here an {@link ObjectIndex} kept in step with every change
 * answers its lookups (get, list, delete, and the find behind create, update and patch) instead.
 */
final class ObjectStore extends KubernetesCrudDispatcher {

  private static final String CRD_PLURAL = "customresourcedefinitions";

  private final WatchHub hub;
  private final ObjectIndex index = new ObjectIndex();
  private final AtomicLong resourceVersion = new AtomicLong();
  private final AtomicLong crdChanges = new AtomicLong();
  // reads share, writes exclude them: a list must not see half a write, nor a version ahead of its items
  private final ReadWriteLock lock = new ReentrantReadWriteLock();

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
        headers.build(), new Buffer(body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8)));
    Lock held = method.equals("GET") ? lock.readLock() : lock.writeLock();
    MockResponse response;
    held.lock();
    try {
      response = dispatch(request);
    } finally {
      held.unlock();
    }
    if (response == null) {
      return ApiResponse.status(Statuses.of(405, "MethodNotAllowed", "method " + method + " is not supported"));
    }
    Buffer responseBody = response.getBody();
    return new ApiResponse(response.code(), responseBody == null ? "" : responseBody.readUtf8(), "application/json");
  }

  /** Counts changes to CustomResourceDefinitions, so the served types are read again only after one. */
  long crdChanges() {
    return crdChanges.get();
  }

  /** The number of keys in the index, for tests: always the number of stored objects. */
  int indexedObjects() {
    return index.size();
  }

  @Override
  public long requestResourceVersion() {
    return resourceVersion.incrementAndGet();
  }

  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
    List<Map.Entry<AttributeSet, String>> found = matching(query);
    return found.isEmpty() ? null : found.get(0);
  }

  // watches go through the WatchHub, never the mock's WebSocket watches, so a GET is always a read
  @Override
  public MockResponse handleGet(String path) {
    AttributeSet query = getKey(path);
    return respond(query, matching(query));
  }

  @Override
  public MockResponse handleDelete(String path) {
    AttributeSet query = getKey(path);
    List<Map.Entry<AttributeSet, String>> found = matching(query);
    for (Map.Entry<AttributeSet, String> entry : found) {
      delete(path, query, entry);
    }
    return respond(query, found);
  }

  // as the mock does: gone at once without finalizers, else marked (once) and kept until they are removed
  private void delete(String path, AttributeSet query, Map.Entry<AttributeSet, String> entry) {
    JsonNode object = parse(entry.getValue());
    if (!(object.path("metadata") instanceof ObjectNode metadata) || metadata.path("finalizers").isEmpty()) {
      processEvent(path, query, entry.getKey(), null, null);
    } else if (metadata.path("deletionTimestamp").isMissingNode() || metadata.path("deletionTimestamp").isNull()) {
      metadata.put("deletionTimestamp", ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)
          .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
      metadata.put("resourceVersion", String.valueOf(requestResourceVersion()));
      processEvent(path, query, entry.getKey(), null, Json.write(object));
    }
  }

  private List<Map.Entry<AttributeSet, String>> matching(AttributeSet query) {
    List<Map.Entry<AttributeSet, String>> candidates = index.candidates(query);
    if (candidates == null) {
      synchronized (map) {
        candidates = new ArrayList<>(map.entrySet());
      }
    }
    List<Map.Entry<AttributeSet, String>> found = new ArrayList<>();
    for (Map.Entry<AttributeSet, String> candidate : candidates) {
      if (candidate.getKey().matches(query)) {
        found.add(candidate);
      }
    }
    return found;
  }

  // a named object alone or 404; else a list whose resourceVersion is the store's latest
  private MockResponse respond(AttributeSet query, List<Map.Entry<AttributeSet, String>> found) {
    if (query.containsKey(KubernetesAttributesExtractor.NAME)) {
      return found.isEmpty() ? new MockResponse().setResponseCode(404)
          : new MockResponse().setResponseCode(200).setBody(found.get(0).getValue());
    }
    List<String> items = found.stream().map(Map.Entry::getValue).toList();
    return new MockResponse().setResponseCode(200).setBody(((KubernetesResponseComposer) responseComposer)
        .compose(items, String.valueOf(resourceVersion.get())));
  }

  @Override
  public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
      GenericKubernetesResource resource, String newState) {
    String existing = oldAttributes == null ? null
        : Objects.requireNonNullElseGet(index.get(oldAttributes), () -> map.get(oldAttributes));
    super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
    AttributeSet newAttributes = newState == null ? null : storedKey(pathAttributes, resource, newState);
    if (oldAttributes != null) {
      index.remove(oldAttributes);
    }
    if (newAttributes != null) {
      index.put(newAttributes, newState);
    }
    if (Objects.equals(existing, newState)) {
      return;
    }
    if (CRD_PLURAL.equals(plural(oldAttributes)) || CRD_PLURAL.equals(plural(newAttributes))) {
      crdChanges.incrementAndGet();
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

  // the key the mock stores the new state under, worked out the same way it does
  private AttributeSet storedKey(AttributeSet pathAttributes, GenericKubernetesResource resource, String newState) {
    AttributeSet key = resource != null
        ? ((KubernetesAttributesExtractor) attributeExtractor).extract(resource)
        : attributeExtractor.fromResource(newState);
    return key.containsKey(KubernetesAttributesExtractor.PLURAL) ? key : AttributeSet.merge(pathAttributes, key);
  }

  private static String plural(AttributeSet key) {
    return key == null ? null : ObjectIndex.value(key, KubernetesAttributesExtractor.PLURAL);
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
