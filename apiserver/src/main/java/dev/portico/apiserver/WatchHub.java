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

  private record Change(Type type, JsonNode object, AttributeSet before, AttributeSet after, long resourceVersion) {
  }

  /** An open watch: the collection it covers, its field selector, and where its events go. */
  final class Subscription implements AutoCloseable {
    private final AttributeSet query;
    private final Predicate<JsonNode> fieldSelector;
    private final Consumer<Event> sink;

    private Subscription(AttributeSet query, Predicate<JsonNode> fieldSelector, Consumer<Event> sink) {
      this.query = query;
      this.fieldSelector = fieldSelector;
      this.sink = sink;
    }

    private void offer(Change change) {
      boolean before = change.before() != null && change.before().matches(query);
      boolean after = change.after() != null && change.after().matches(query);
      Type type;
      if (before && after) {
        type = change.type();
      } else if (before) {
        type = Type.DELETED;
      } else if (after) {
        type = Type.ADDED;
      } else {
        return;
      }
      if (fieldSelector.test(change.object())) {
        sink.accept(new Event(type, change.object(), change.resourceVersion()));
      }
    }

    @Override
    public void close() {
      subscriptions.remove(this);
    }
  }

  private static final int HISTORY = 4096;

  private final Set<Subscription> subscriptions = new CopyOnWriteArraySet<>();
  private final Deque<Change> history = new ArrayDeque<>();

  synchronized void publish(Type type, JsonNode object, AttributeSet before, AttributeSet after) {
    long rv = resourceVersionOf(object);
    Change change = new Change(type, object, before, after, rv);
    history.addLast(change);
    if (history.size() > HISTORY) {
      history.removeFirst();
    }
    for (Subscription subscription : subscriptions) {
      subscription.offer(change);
    }
  }

  /** Opens a watch; changes after {@code fromResourceVersion} that are still in the history are replayed first. */
  synchronized Subscription subscribe(AttributeSet query, Predicate<JsonNode> fieldSelector, long fromResourceVersion,
      Consumer<Event> sink) {
    Subscription subscription = new Subscription(query, fieldSelector, sink);
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

  static long resourceVersionOf(JsonNode object) {
    try {
      return Long.parseLong(object.path("metadata").path("resourceVersion").asString("0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
