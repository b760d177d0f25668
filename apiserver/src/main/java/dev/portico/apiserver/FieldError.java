package dev.portico.apiserver;

/**
 * One schema violation, as a real API server's field.Error: the field path ({@code spec.rules[0].weight}),
 * the cause reason ({@code FieldValueInvalid}, ...) and the detail after the field path.
 */
record FieldError(String field, String reason, String detail) {

  /** The text kubectl shows: {@code spec.x: Invalid value: -1: spec.x in body should be ...}. */
  String text() {
    return field + ": " + detail;
  }
}
