package dev.portico.apiserver;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every served resource type: the built-in kinds plus each served version of each installed CRD, read live. */
final class ResourceCatalog {

  static final String CRD_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

  private final ObjectStore store;
  // every request resolves its type here: the CRDs are read again only after one of them changed
  private volatile Served served = new Served(-1, List.of());

  private record Served(long crdChanges, List<ResourceType> types) {
  }

  ResourceCatalog(ObjectStore store) {
    this.store = store;
  }

  List<ResourceType> all() {
    Served current = served;
    long changes = store.crdChanges();
    if (current.crdChanges() != changes) {
      // counted before reading, so a change made meanwhile makes the next call read again
      List<ResourceType> types = new ArrayList<>(CoreKinds.ALL);
      for (JsonNode crd : installedCrds()) {
        types.addAll(fromCrd(crd));
      }
      current = new Served(changes, List.copyOf(types));
      served = current;
    }
    return current.types();
  }

  List<JsonNode> installedCrds() {
    ApiResponse response = store.call("GET", CRD_PATH, null, null);
    List<JsonNode> crds = new ArrayList<>();
    response.bodyNode().path("items").forEach(crds::add);
    return crds;
  }

  Optional<ResourceType> find(String group, String version, String plural) {
    return all().stream()
        .filter(t -> t.group().equals(group) && t.version().equals(version) && t.plural().equals(plural))
        .findFirst();
  }

  /** Group name → its versions, in discovery order (the first version is the preferred one). */
  Map<String, List<String>> groups() {
    Map<String, List<String>> groups = new LinkedHashMap<>();
    for (ResourceType type : all()) {
      if (type.group().isEmpty()) {
        continue;
      }
      List<String> versions = groups.computeIfAbsent(type.group(), g -> new ArrayList<>());
      if (!versions.contains(type.version())) {
        versions.add(type.version());
      }
    }
    return groups;
  }

  static List<ResourceType> fromCrd(JsonNode crd) {
    JsonNode spec = crd.path("spec");
    JsonNode names = spec.path("names");
    List<ResourceType> types = new ArrayList<>();
    for (JsonNode version : spec.path("versions")) {
      if (!version.path("served").asBoolean(true)) {
        continue;
      }
      List<PrinterColumn> columns = new ArrayList<>();
      version.path("additionalPrinterColumns").forEach(c -> columns.add(PrinterColumn.fromCrd(c)));
      String kind = names.path("kind").asString();
      types.add(new ResourceType(spec.path("group").asString(), version.path("name").asString(), kind,
          names.path("plural").asString(),
          names.path("singular").asString(kind.toLowerCase(java.util.Locale.ROOT)),
          !"Cluster".equals(spec.path("scope").asString()), strings(names.path("shortNames")),
          strings(names.path("categories")), version.path("subresources").has("status"),
          version.path("schema").path("openAPIV3Schema"), columns, true));
    }
    return types;
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asString()));
    return values;
  }
}
