package dev.portico.apiserver;

/**
 * A request path addressing resources: {@code /api/v1/namespaces/shop/services/users} or
 * {@code /apis/portico.dev/v1alpha1/namespaces/shop/gatewayroutes/x/status}. Null parts are absent.
 */
record ResourcePath(String group, String version, String namespace, String plural, String name, String subresource) {

  /** Parses a resource path, or returns null when the path addresses no resource (discovery, OpenAPI, ...). */
  static ResourcePath parse(String path) {
    String[] all = path.replaceAll("^/+|/+$", "").split("/");
    String group;
    int i;
    if (all.length >= 3 && all[0].equals("api")) {
      group = "";
      i = 1;
    } else if (all.length >= 4 && all[0].equals("apis")) {
      group = all[1];
      i = 2;
    } else {
      return null;
    }
    String version = all[i++];
    String namespace = null;
    // "namespaces/<ns>/<plural>..." is a namespaced path; "namespaces[/<name>]" addresses Namespaces themselves
    boolean namespaceSubresource = all.length - i == 3 && all[i].equals("namespaces")
        && (all[i + 2].equals("status") || all[i + 2].equals("finalize"));
    if (all.length - i >= 3 && all[i].equals("namespaces") && !namespaceSubresource) {
      namespace = all[i + 1];
      i += 2;
    }
    String plural = all[i++];
    String name = i < all.length ? all[i++] : null;
    String subresource = i < all.length ? all[i] : null;
    return new ResourcePath(group, version, namespace, plural, name, subresource);
  }

  /** The path of the object (or of the collection when there is no name), without subresource. */
  String objectPath(ResourceType type) {
    return type.collectionPath(namespace) + (name == null ? "" : "/" + name);
  }

  boolean isStatus() {
    return "status".equals(subresource);
  }
}
