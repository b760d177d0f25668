package dev.portico.apiserver;

import tools.jackson.databind.JsonNode;

/** One answer of the emulated API. */
record ApiResponse(int code, String body, String contentType) {

  static ApiResponse json(int code, JsonNode body) {
    return new ApiResponse(code, Json.write(body), "application/json");
  }

  static ApiResponse ok(JsonNode body) {
    return json(200, body);
  }

  static ApiResponse status(JsonNode status) {
    return json(status.path("code").asInt(500), status);
  }

  boolean isSuccess() {
    return code >= 200 && code < 300;
  }

  JsonNode bodyNode() {
    return Json.parse(body);
  }
}
