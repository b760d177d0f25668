package dev.portico.apiserver;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A Kubernetes field selector ({@code involvedObject.name=x,metadata.namespace!=y}) evaluated on the object's
 * JSON; the mock server ignores them, but {@code kubectl describe} finds Events only through them.
 */
record FieldSelector(List<Requirement> requirements) implements Predicate<JsonNode> {

  record Requirement(String field, boolean equal, String value) {
  }

  static final FieldSelector EVERYTHING = new FieldSelector(List.of());

  static FieldSelector parse(String selector) {
    if (selector == null || selector.isBlank()) {
      return EVERYTHING;
    }
    List<Requirement> requirements = new ArrayList<>();
    for (String term : selector.split(",")) {
      String t = term.trim();
      if (t.isEmpty()) {
        continue;
      }
      int notEqual = t.indexOf("!=");
      if (notEqual > 0) {
        requirements.add(new Requirement(t.substring(0, notEqual), false, t.substring(notEqual + 2)));
        continue;
      }
      int equal = t.indexOf('=');
      if (equal <= 0) {
        throw new IllegalArgumentException("invalid field selector: '" + t + "': expected field=value");
      }
      String value = t.substring(equal + 1);
      requirements.add(new Requirement(t.substring(0, equal), true, value.startsWith("=") ? value.substring(1) : value));
    }
    return new FieldSelector(List.copyOf(requirements));
  }

  /** The selector in its query form again. */
  String toQuery() {
    return String.join(",", requirements.stream()
        .map(r -> r.field() + (r.equal() ? "=" : "!=") + r.value()).toList());
  }

  @Override
  public boolean test(JsonNode object) {
    for (Requirement requirement : requirements) {
      JsonNode node = object;
      for (String part : requirement.field().split("\\.")) {
        node = node.path(part);
      }
      String actual = node.isMissingNode() || node.isNull() ? "" : node.asString();
      if (actual.equals(requirement.value()) != requirement.equal()) {
        return false;
      }
    }
    return true;
  }
}
