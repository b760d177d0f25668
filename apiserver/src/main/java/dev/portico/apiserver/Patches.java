package dev.portico.apiserver;

import io.fabric8.zjsonpatch.JsonPatch;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Locale;

/** The patch media types of the Kubernetes API, applied to the stored object. */
final class Patches {

  static final String JSON_PATCH = "application/json-patch+json";
  static final String MERGE_PATCH = "application/merge-patch+json";
  static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
  static final String APPLY_PATCH = "application/apply-patch+yaml";

  private Patches() {
  }

  /** The media type without parameters, lower case; null when absent. */
  static String mediaType(String contentType) {
    if (contentType == null) {
      return null;
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }

  static JsonNode apply(String mediaType, JsonNode current, String body) {
    return switch (mediaType) {
      case JSON_PATCH -> JsonPatch.apply(Json.parse(body), current);
      case MERGE_PATCH -> mergePatch(current, Json.parse(body));
      case STRATEGIC_MERGE_PATCH -> StrategicMergePatch.apply(current, Json.parse(body));
      default -> throw new IllegalArgumentException("unsupported patch type " + mediaType);
    };
  }

  /** RFC 7386 JSON merge patch: objects merge, null removes, everything else replaces. */
  static JsonNode mergePatch(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : Json.object();
    for (String name : patch.propertyNames()) {
      JsonNode value = patch.get(name);
      if (value.isNull()) {
        result.remove(name);
      } else {
        result.set(name, mergePatch(result.get(name), value));
      }
    }
    return result;
  }
}
