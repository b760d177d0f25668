package dev.portico.apiserver;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/** metav1.Status bodies, worded as a real API server words them (kubectl prints the message as is). */
final class Statuses {

  private Statuses() {
  }

  static ObjectNode of(int code, String reason, String message) {
    ObjectNode status = Json.object();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.set("metadata", Json.object());
    status.put("status", code < 400 ? "Success" : "Failure");
    status.put("message", message);
    status.put("reason", reason);
    status.put("code", code);
    return status;
  }

  static ObjectNode notFound(ResourceType type, String name) {
    ObjectNode status = of(404, "NotFound", type.groupResource() + " \"" + name + "\" not found");
    ObjectNode details = status.putObject("details");
    details.put("name", name);
    details.put("group", type.group());
    details.put("kind", type.plural());
    return status;
  }

  static ObjectNode conflict(ResourceType type, String name) {
    ObjectNode status = of(409, "Conflict", "Operation cannot be fulfilled on " + type.groupResource() + " \"" + name
        + "\": the object has been modified; please apply your changes to the latest version and try again");
    ObjectNode details = status.putObject("details");
    details.put("name", name);
    details.put("group", type.group());
    details.put("kind", type.plural());
    return status;
  }

  static ObjectNode badRequest(String message) {
    return of(400, "BadRequest", message);
  }

  static ObjectNode unsupportedMediaType(String contentType) {
    return of(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: "
        + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"
        + (contentType == null ? "" : " (got " + contentType + ")"));
  }

  /** 422 Invalid naming every offending field, as the real API server answers a schema violation. */
  static ObjectNode invalid(ResourceType type, String name, List<FieldError> errors) {
    String causes = errors.size() == 1 ? errors.get(0).text()
        : "[" + String.join(", ", errors.stream().map(FieldError::text).toList()) + "]";
    String qualifiedKind = type.group().isEmpty() ? type.kind() : type.kind() + "." + type.group();
    ObjectNode status = of(422, "Invalid", qualifiedKind + " \"" + name + "\" is invalid: " + causes);
    ObjectNode details = status.putObject("details");
    details.put("name", name);
    details.put("group", type.group());
    details.put("kind", type.kind());
    ArrayNode list = details.putArray("causes");
    for (FieldError error : errors) {
      ObjectNode cause = list.addObject();
      cause.put("reason", error.reason());
      cause.put("message", error.detail());
      cause.put("field", error.field());
    }
    return status;
  }

  static ObjectNode success(ResourceType type, String name) {
    ObjectNode status = of(200, "", "");
    status.remove("reason");
    status.remove("message");
    ObjectNode details = status.putObject("details");
    details.put("name", name);
    details.put("group", type.group());
    details.put("kind", type.plural());
    return status;
  }
}
