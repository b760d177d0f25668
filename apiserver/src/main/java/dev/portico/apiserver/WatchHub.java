package dev.portico.apiserver;

import io.fabric8.mockwebserver.crud.AttributeSet;
import tools.jackson.databind.JsonNode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Fans every stored change out to the open watches, and keeps a bounded history so that a watch
 * started from a list's resourceVersion receives the changes made in between (informers rely on it).
 */
final class WatchHub {

  enum Type { ADDED, MODIFIED, DELETED }

  /** One change as a watcher sees it. */
  record Event(Type type, JsonNode object, long resourceVersion) {
  }

  private record Change(Type type, JsonNode previous, JsonNode object, AttributeSet before, AttributeSet after,
      long resourceVersion) {
  }

  /** An open watch: the collection it covers, its label and field selectors, and where its events go. */
  final class Subscription implements AutoCloseable {
    private final AttributeSet query;
    private final Predicate<JsonNode> selector;
    private final Consumer<Event> sink;

    private Subscription(AttributeSet query, Predicate<JsonNode> selector, Consumer<Event> sink) {
      this.query = query;
      this.selector = selector;
      this.sink = sink;
    }

    // an object whose labels or fields stop (start) matching leaves (enters) the watch, as on a real server
    private void offer(Change change) {
      boolean before = change.before() != null && change.before().matches(query) && change.previous() != null
          && selector.test(change.previous());
      boolean after = change.after() != null && change.after().matches(query) && selector.test(change.object());
      if (before && after) {
        sink.accept(new Event(change.type(), change.object(), change.resourceVersion()));
      } else if (before) {
        sink.accept(new Event(Type.DELETED, change.type() == Type.DELETED ? change.object()
            : withVersion(change.previous(), change.resourceVersion()), change.resourceVersion()));
      } else if (after) {
        sink.accept(new Event(Type.ADDED, change.object(), change.resourceVersion()));
      }
    }

    @Override
    public void close() {
      subscriptions.remove(this);
    }
  }

  /** The watch asked to resume from a version older than the history keeps: the client must list again. */
  static final class Expired extends RuntimeException {
    Expired(long requested, long oldest) {
      super("too old resource version: " + requested + " (" + oldest + ")");
    }
  }

  private final Set<Subscription> subscriptions = new CopyOnWriteArraySet<>();
  private final Deque<Change> history = new ArrayDeque<>();
  private final int capacity;
  private long forgottenUpTo;

  WatchHub() {
    this(4096);
  }

  WatchHub(int capacity) {
    this.capacity = capacity;
  }

  /** Records a change; {@code previous} is the object before it (null when added), {@code object} after it. */
  synchronized void publish(Type type, JsonNode previous, JsonNode object, AttributeSet before, AttributeSet after) {
    long rv = resourceVersionOf(object);
    Change change = new Change(type, previous, object, before, after, rv);
    history.addLast(change);
    if (history.size() > capacity) {
      forgottenUpTo = history.removeFirst().resourceVersion();
    }
    for (Subscription subscription : subscriptions) {
      subscription.offer(change);
    }
  }

  /**
   * Opens a watch; the changes after {@code fromResourceVersion} are replayed first.
   *
   * @throws Expired when some of those changes are no longer kept
   */
  synchronized Subscription subscribe(AttributeSet query, Predicate<JsonNode> selector, long fromResourceVersion,
      Consumer<Event> sink) {
    if (fromResourceVersion < forgottenUpTo) {
      throw new Expired(fromResourceVersion, forgottenUpTo + 1);
    }
    Subscription subscription = new Subscription(query, selector, sink);
    List<Change> replay = new ArrayList<>();
    for (Change change : history) {
      if (change.resourceVersion() > fromResourceVersion) {
        replay.add(change);
      }
    }
    replay.forEach(subscription::offer);
    subscriptions.add(subscription);
    return subscription;
  }

  int openWatches() {
    return subscriptions.size();
  }

  private static JsonNode withVersion(JsonNode object, long resourceVersion) {
    JsonNode copy = object.deepCopy();
    if (copy.path("metadata") instanceof tools.jackson.databind.node.ObjectNode metadata) {
      metadata.put("resourceVersion", String.valueOf(resourceVersion));
    }
    return copy;
  }

  static long resourceVersionOf(JsonNode object) {
    try {
      return Long.parseLong(object.path("metadata").path("resourceVersion").asString("0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
