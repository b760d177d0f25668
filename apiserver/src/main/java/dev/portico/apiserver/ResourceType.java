package dev.portico.apiserver;

import tools.jackson.databind.JsonNode;

import java.util.List;

/**
 * One served resource (group, version, plural) with what discovery, OpenAPI, validation and Table output
 * need to know about it. {@code schema} is the CRD's openAPIV3Schema, or null for built-in kinds.
 */
record ResourceType(String group, String version, String kind, String plural, String singular, boolean namespaced,
    List<String> shortNames, List<String> categories, boolean statusSubresource, JsonNode schema,
    List<PrinterColumn> printerColumns, boolean custom) {

  static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch", "update",
      "watch");

  /** The same type in the given categories ({@code all} makes {@code kubectl get all} list it). */
  ResourceType withCategories(List<String> newCategories) {
    return new ResourceType(group, version, kind, plural, singular, namespaced, shortNames, newCategories,
        statusSubresource, schema, printerColumns, custom);
  }

  String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** The URL prefix of the group version: {@code /api/v1} or {@code /apis/portico.dev/v1alpha1}. */
  String groupVersionPath() {
    return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
  }

  /** {@code gatewayroutes.portico.dev}, or {@code services} for the core group. */
  String groupResource() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  /** The collection path, namespaced when a namespace is given. */
  String collectionPath(String namespace) {
    return groupVersionPath() + (namespaced && namespace != null ? "/namespaces/" + namespace : "") + "/" + plural;
  }

  /**
   * Name, then a CRD's additionalPrinterColumns exactly (Age alone when it lists none), or a built-in kind's
   * own columns followed by Age, as a real API server prints them; a built-in kind whose columns include a
   * name column lays out the whole table itself.
   */
  List<PrinterColumn> tableColumns() {
    if (!custom && printerColumns.stream().anyMatch(c -> "name".equals(c.format()))) {
      return printerColumns; // a whole layout of its own, as the API server's event printer has
    }
    java.util.ArrayList<PrinterColumn> columns = new java.util.ArrayList<>();
    columns.add(PrinterColumn.NAME);
    columns.addAll(printerColumns);
    if (!custom || printerColumns.isEmpty()) {
      columns.add(PrinterColumn.AGE);
    }
    return columns;
  }
}
