package dev.portico.apiserver;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Strategic merge patch for the built-in kinds, as far as kubectl apply uses it without the Go type
 * metadata: lists that come with a {@code $setElementOrder/<field>} directive merge element by element on the
 * merge key named there ({@code port}, {@code name}, ...), {@code $patch: delete} removes an element or object,
 * {@code $deleteFromPrimitiveList/<field>} removes values; every other list is replaced, as in a merge patch.
 */
final class StrategicMergePatch {

  private static final String ORDER = "$setElementOrder/";
  private static final String DELETE_PRIMITIVES = "$deleteFromPrimitiveList/";

  private StrategicMergePatch() {
  }

  /** The patched value; null means the patch deleted it. */
  static JsonNode apply(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    String directive = patch.path("$patch").asString("");
    if (directive.equals("delete")) {
      return null;
    }
    if (directive.equals("replace")) {
      return withoutDirectives(patch);
    }
    ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : Json.object();
    for (String name : patch.propertyNames()) {
      JsonNode value = patch.get(name);
      if (name.startsWith(DELETE_PRIMITIVES)) {
        String field = name.substring(DELETE_PRIMITIVES.length());
        if (result.get(field) instanceof ArrayNode list) {
          for (int i = list.size() - 1; i >= 0; i--) {
            if (contains(value, list.get(i))) {
              list.remove(i);
            }
          }
        }
        continue;
      }
      if (name.startsWith("$")) {
        continue;
      }
      if (value.isNull()) {
        result.remove(name);
      } else if (value.isArray() && patch.has(ORDER + name)) {
        result.set(name, mergeList(result.get(name), (ArrayNode) value, (ArrayNode) patch.get(ORDER + name)));
      } else if (value.isObject()) {
        JsonNode merged = apply(result.get(name), value);
        if (merged == null) {
          result.remove(name);
        } else {
          result.set(name, merged);
        }
      } else {
        result.set(name, withoutDirectives(value));
      }
    }
    return result;
  }

  private static ArrayNode mergeList(JsonNode existing, ArrayNode patch, ArrayNode order) {
    String key = mergeKey(order, patch);
    List<JsonNode> elements = new ArrayList<>();
    if (existing != null && existing.isArray()) {
      existing.forEach(e -> elements.add(e.deepCopy()));
    }
    for (JsonNode element : patch) {
      int index = indexOf(elements, element, key);
      if (element.isObject() && "delete".equals(element.path("$patch").asString(""))) {
        if (index >= 0) {
          elements.remove(index);
        }
      } else if (index >= 0) {
        JsonNode merged = key == null ? element.deepCopy() : apply(elements.get(index), element);
        elements.set(index, merged);
      } else {
        elements.add(withoutDirectives(element));
      }
    }
    ArrayNode ordered = Json.array();
    for (JsonNode wanted : order) {
      int index = indexOf(elements, wanted, key);
      if (index >= 0) {
        ordered.add(elements.remove(index));
      }
    }
    elements.forEach(ordered::add);
    return ordered;
  }

  private static String mergeKey(ArrayNode order, ArrayNode patch) {
    for (JsonNode entry : order) {
      if (entry.isObject() && entry.size() == 1) {
        return entry.propertyNames().iterator().next();
      }
    }
    for (JsonNode entry : patch) {
      if (entry.isObject()) {
        for (String name : entry.propertyNames()) {
          if (!name.startsWith("$")) {
            return name;
          }
        }
      }
    }
    return null;
  }

  private static int indexOf(List<JsonNode> elements, JsonNode wanted, String key) {
    for (int i = 0; i < elements.size(); i++) {
      JsonNode element = elements.get(i);
      boolean same = key == null || !wanted.isObject() ? element.equals(wanted)
          : element.path(key).equals(wanted.path(key)) && !wanted.path(key).isMissingNode();
      if (same) {
        return i;
      }
    }
    return -1;
  }

  private static boolean contains(JsonNode list, JsonNode value) {
    for (JsonNode element : list) {
      if (element.equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode withoutDirectives(JsonNode node) {
    if (node.isObject()) {
      ObjectNode copy = Json.object();
      node.propertyNames().stream().filter(n -> !n.startsWith("$"))
          .forEach(n -> copy.set(n, withoutDirectives(node.get(n))));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = Json.array();
      node.forEach(e -> copy.add(withoutDirectives(e)));
      return copy;
    }
    return node.deepCopy();
  }
}
