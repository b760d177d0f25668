package dev.portico.apiserver;

import java.util.Map;

/** One request to the emulated API, read fully (watches are handled apart). */
record ApiRequest(String method, String path, Map<String, String> query, String accept, String contentType,
    String body) {

  String param(String name) {
    return query.get(name);
  }

  boolean strictFieldValidation() {
    return "Strict".equalsIgnoreCase(query.get("fieldValidation"));
  }

  boolean dryRun() {
    return query.containsKey("dryRun");
  }
}
