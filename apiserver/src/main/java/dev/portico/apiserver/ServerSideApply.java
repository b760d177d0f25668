package dev.portico.apiserver;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server-side apply, approximated: each field manager's last applied configuration is remembered per object,
 * so a field it applied before and leaves out now is removed, while fields other managers set stay
 * (lists are owned whole; real managedFields tracking is finer).
 */
final class ServerSideApply {

  private final Map<String, JsonNode> lastApplied = new ConcurrentHashMap<>();

  /** The live object after {@code manager} applies {@code applied} to it; {@link #applied} records it once stored. */
  JsonNode merge(JsonNode live, JsonNode applied, String manager, String subresource) {
    JsonNode previous = lastApplied.get(key(live, manager, subresource));
    return Patches.mergePatch(live, previous == null ? applied : diff(previous, applied));
  }

  /** Remembers what a manager applied to the stored object. */
  void applied(JsonNode stored, JsonNode applied, String manager, String subresource) {
    lastApplied.put(key(stored, manager, subresource), applied.deepCopy());
  }

  private static String key(JsonNode object, String manager, String subresource) {
    return object.path("metadata").path("uid").asString("") + "|" + manager + "|" + (subresource == null ? "" : subresource);
  }

  /** A merge patch turning {@code from} into {@code to}: removed members become null. */
  static JsonNode diff(JsonNode from, JsonNode to) {
    if (!from.isObject() || !to.isObject()) {
      return to.deepCopy();
    }
    ObjectNode patch = Json.object();
    for (String name : from.propertyNames()) {
      if (!to.has(name)) {
        patch.putNull(name);
      }
    }
    for (String name : to.propertyNames()) {
      JsonNode before = from.get(name);
      JsonNode after = to.get(name);
      if (before == null || !before.isObject() || !after.isObject()) {
        patch.set(name, after.deepCopy());
      } else {
        JsonNode nested = diff(before, after);
        if (nested.size() > 0) {
          patch.set(name, nested);
        }
      }
    }
    return patch;
  }
}
