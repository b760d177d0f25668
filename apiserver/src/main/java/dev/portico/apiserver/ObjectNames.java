package dev.portico.apiserver;

import java.util.regex.Pattern;

/** The name rules of a real API server: DNS subdomains for objects, DNS labels for namespaces. */
final class ObjectNames {

  private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final String SUBDOMAIN = LABEL + "(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
  private static final Pattern LABEL_PATTERN = Pattern.compile(LABEL);
  private static final Pattern SUBDOMAIN_PATTERN = Pattern.compile(SUBDOMAIN);

  private ObjectNames() {
  }

  /** Null when the name is acceptable (an empty name is left to generateName), else the error on metadata.name. */
  static FieldError check(ResourceType type, String name) {
    if (name.isEmpty()) {
      return null;
    }
    boolean namespace = type.group().isEmpty() && type.kind().equals("Namespace");
    if (namespace && (name.length() > 63 || !LABEL_PATTERN.matcher(name).matches())) {
      return invalid(name, "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
          + "and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for "
          + "validation is '" + LABEL + "')");
    }
    if (name.length() > 253 || !SUBDOMAIN_PATTERN.matcher(name).matches()) {
      return invalid(name, "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' "
          + "or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for "
          + "validation is '" + SUBDOMAIN + "')");
    }
    return null;
  }

  private static FieldError invalid(String name, String why) {
    return new FieldError("metadata.name", "FieldValueInvalid", "Invalid value: \"" + name + "\": " + why);
  }
}
