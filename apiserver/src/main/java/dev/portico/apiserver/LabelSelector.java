package dev.portico.apiserver;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes label selector, equality- and set-based ({@code app=a,tier!=db,env in (x,y),!legacy}),
 * evaluated on {@code metadata.labels}; the mock server's own matching knows no {@code in}/{@code notin}.
 */
record LabelSelector(List<Predicate<JsonNode>> requirements) implements Predicate<JsonNode> {

  static final LabelSelector EVERYTHING = new LabelSelector(List.of());

  private static final Pattern SET = Pattern.compile("^([^\\s!=]+)\\s+(in|notin)\\s+\\(([^)]*)\\)$");

  static LabelSelector parse(String selector) {
    if (selector == null || selector.isBlank()) {
      return EVERYTHING;
    }
    List<Predicate<JsonNode>> requirements = new ArrayList<>();
    for (String term : splitTerms(selector)) {
      requirements.add(requirement(term.trim()));
    }
    return new LabelSelector(List.copyOf(requirements));
  }

  private static Predicate<JsonNode> requirement(String term) {
    Matcher set = SET.matcher(term);
    if (set.matches()) {
      String key = set.group(1);
      Set<String> values = Set.of(set.group(3).trim().isEmpty() ? new String[0] : set.group(3).trim().split("\\s*,\\s*"));
      boolean in = set.group(2).equals("in");
      return labels -> in ? labels.has(key) && values.contains(labels.get(key).asString())
          : !labels.has(key) || !values.contains(labels.get(key).asString());
    }
    int notEqual = term.indexOf("!=");
    if (notEqual > 0) {
      String key = term.substring(0, notEqual).trim();
      String value = term.substring(notEqual + 2).trim();
      return labels -> !labels.has(key) || !labels.get(key).asString().equals(value);
    }
    int equal = term.indexOf('=');
    if (equal > 0) {
      String key = term.substring(0, equal).trim();
      String value = term.substring(term.startsWith("==", equal) ? equal + 2 : equal + 1).trim();
      return labels -> labels.has(key) && labels.get(key).asString().equals(value);
    }
    if (term.startsWith("!")) {
      String key = term.substring(1).trim();
      return labels -> !labels.has(key);
    }
    if (term.isEmpty() || term.contains(" ")) {
      throw new IllegalArgumentException("unable to parse requirement: \"" + term + "\"");
    }
    return labels -> labels.has(term);
  }

  // commas inside "in (a,b)" belong to the value list, not to the term list
  private static List<String> splitTerms(String selector) {
    List<String> terms = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < selector.length(); i++) {
      char c = selector.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        terms.add(selector.substring(start, i));
        start = i + 1;
      }
    }
    terms.add(selector.substring(start));
    return terms;
  }

  @Override
  public boolean test(JsonNode object) {
    JsonNode labels = object.path("metadata").path("labels");
    for (Predicate<JsonNode> requirement : requirements) {
      if (!requirement.test(labels)) {
        return false;
      }
    }
    return true;
  }
}
