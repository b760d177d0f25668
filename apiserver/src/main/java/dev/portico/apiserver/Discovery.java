package dev.portico.apiserver;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/** The discovery documents kubectl reads before anything else: /version, /api, /apis and each group version. */
final class Discovery {

  private final ResourceCatalog catalog;

  Discovery(ResourceCatalog catalog) {
    this.catalog = catalog;
  }

  static ObjectNode version() {
    ObjectNode version = Json.object();
    version.put("major", "1");
    version.put("minor", "32");
    version.put("gitVersion", "v1.32.0");
    version.put("gitCommit", "portico-emulated-api");
    version.put("gitTreeState", "clean");
    version.put("buildDate", "2024-12-11T00:00:00Z");
    version.put("goVersion", "go1.23.3");
    version.put("compiler", "gc");
    version.put("platform", "linux/amd64");
    return version;
  }

  static ObjectNode coreVersions(String serverAddress) {
    ObjectNode versions = Json.object();
    versions.put("kind", "APIVersions");
    versions.set("versions", Json.strings(List.of("v1")));
    ObjectNode address = versions.putArray("serverAddressByClientCIDRs").addObject();
    address.put("clientCIDR", "0.0.0.0/0");
    address.put("serverAddress", serverAddress);
    return versions;
  }

  ObjectNode groupList() {
    ObjectNode list = Json.object();
    list.put("kind", "APIGroupList");
    list.put("apiVersion", "v1");
    ArrayNode groups = list.putArray("groups");
    catalog.groups().forEach((name, versions) -> groups.add(group(name, versions)));
    return list;
  }

  /** {@code GET /apis/<group>}, or null when no such group is served. */
  ObjectNode group(String name) {
    Map<String, List<String>> groups = catalog.groups();
    return groups.containsKey(name) ? group(name, groups.get(name)) : null;
  }

  private static ObjectNode group(String name, List<String> versions) {
    ObjectNode group = Json.object();
    group.put("kind", "APIGroup");
    group.put("apiVersion", "v1");
    group.put("name", name);
    ArrayNode list = group.putArray("versions");
    for (String version : versions) {
      ObjectNode entry = list.addObject();
      entry.put("groupVersion", name + "/" + version);
      entry.put("version", version);
    }
    group.set("preferredVersion", list.get(0).deepCopy());
    return group;
  }

  /** {@code GET /api/v1} or {@code GET /apis/<group>/<version>}, or null when nothing is served there. */
  ObjectNode resources(String group, String version) {
    List<ResourceType> types = catalog.all().stream()
        .filter(t -> t.group().equals(group) && t.version().equals(version)).toList();
    if (types.isEmpty()) {
      return null;
    }
    ObjectNode list = Json.object();
    list.put("kind", "APIResourceList");
    list.put("apiVersion", "v1");
    list.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
    ArrayNode resources = list.putArray("resources");
    for (ResourceType type : types) {
      ObjectNode resource = resources.addObject();
      resource.put("name", type.plural());
      resource.put("singularName", type.singular());
      resource.put("namespaced", type.namespaced());
      resource.put("kind", type.kind());
      resource.set("verbs", Json.strings(ResourceType.VERBS));
      if (!type.shortNames().isEmpty()) {
        resource.set("shortNames", Json.strings(type.shortNames()));
      }
      if (!type.categories().isEmpty()) {
        resource.set("categories", Json.strings(type.categories()));
      }
      if (type.statusSubresource()) {
        ObjectNode status = resources.addObject();
        status.put("name", type.plural() + "/status");
        status.put("singularName", "");
        status.put("namespaced", type.namespaced());
        status.put("kind", type.kind());
        status.set("verbs", Json.strings(List.of("get", "patch", "update")));
      }
    }
    return list;
  }
}
