package dev.portico.apiserver;

import io.fabric8.mockwebserver.crud.AttributeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.function.Consumer;

/**
 * One watch ({@code ?watch=true}): the initial state when no resourceVersion is given, then every change
 * after it, each as a {@code {"type","object"}} event; with a Table Accept header each object is a one-row
 * Table, as {@code kubectl get -w} expects.
 */
final class WatchStream {

  private final ResourceRequests resources;
  private final ObjectStore store;
  private final WatchHub hub;

  WatchStream(ResourceRequests resources, ObjectStore store, WatchHub hub) {
    this.resources = resources;
    this.store = store;
    this.hub = hub;
  }

  /** Starts the watch; {@code lines} receives each event as one JSON text. Close the result to stop. */
  WatchHub.Subscription open(ApiRequest request, ResourcePath path, ResourceType type, Consumer<String> lines) {
    String labelSelector = request.param("labelSelector");
    String fieldSelector = request.param("fieldSelector");
    boolean table = TableRenderer.wanted(request.accept());
    TableRenderer.RowObject rowObject = TableRenderer.RowObject.of(request.param("includeObject"));
    FieldSelector selector = FieldSelector.parse(path.name() == null ? fieldSelector
        : join(fieldSelector, "metadata.name=" + path.name()));
    AttributeSet query = store.getKey(type.collectionPath(path.namespace()));
    java.util.function.Predicate<JsonNode> matches = LabelSelector.parse(labelSelector).and(selector);
    Consumer<WatchHub.Event> sink = new Consumer<>() {
      private boolean first = true;

      @Override
      public synchronized void accept(WatchHub.Event event) {
        JsonNode object = table ? TableRenderer.table(type, List.of(event.object()),
            String.valueOf(event.resourceVersion()), first, rowObject) : event.object();
        first = false;
        ObjectNode line = Json.object();
        line.put("type", event.type().name());
        line.set("object", object);
        lines.accept(Json.write(line));
      }
    };
    String resourceVersion = request.param("resourceVersion");
    long from;
    if (resourceVersion == null || resourceVersion.isEmpty() || resourceVersion.equals("0")) {
      ResourceRequests.ListResult current = resources.select(path, type, labelSelector, selector.toQuery());
      current.items().forEach(item -> sink.accept(new WatchHub.Event(WatchHub.Type.ADDED, item,
          WatchHub.resourceVersionOf(item))));
      from = Long.parseLong(current.resourceVersion());
    } else {
      from = parse(resourceVersion);
    }
    return hub.subscribe(query, matches, from, sink);
  }

  private static String join(String selector, String term) {
    return selector == null || selector.isBlank() ? term : selector + "," + term;
  }

  private static long parse(String resourceVersion) {
    try {
      return Long.parseLong(resourceVersion);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid resourceVersion \"" + resourceVersion + "\"");
    }
  }
}
