package dev.portico.apiserver;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;

import java.util.List;

/**
 * A printer column's Kubernetes JSONPath ({@code .status.conditions[?(@.type=="Programmed")].status})
 * evaluated with Jayway JsonPath: the Kubernetes form is rooted at {@code $} and, like the API server,
 * the first match is the cell's value.
 */
final class ColumnPath {

  private static final Configuration CONFIGURATION = Configuration.defaultConfiguration()
      .addOptions(Option.ALWAYS_RETURN_LIST, Option.SUPPRESS_EXCEPTIONS);

  private final JsonPath path;

  private ColumnPath(JsonPath path) {
    this.path = path;
  }

  static ColumnPath compile(String kubernetesPath) {
    String p = kubernetesPath.trim();
    if (p.startsWith("{") && p.endsWith("}")) {
      p = p.substring(1, p.length() - 1).trim();
    }
    if (!p.startsWith("$")) {
      p = "$" + (p.startsWith(".") || p.startsWith("[") ? "" : ".") + p;
    }
    return new ColumnPath(JsonPath.compile(p));
  }

  /** The first value found (a String, Number, Boolean, Map or List), or null when nothing matches. */
  Object firstValue(String objectJson) {
    Object found = path.read(objectJson, CONFIGURATION);
    if (found instanceof List<?> list) {
      return list.isEmpty() ? null : list.get(0);
    }
    return found;
  }
}
