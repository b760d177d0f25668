package dev.portico.apiserver;

import io.fabric8.mockwebserver.crud.AttributeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The object store's index answers what the mock's scans used to: after every kind of change each stored
 * object is found by its path, lists hold exactly their namespace's objects, and nothing stale remains.
 */
class ObjectStoreTest {

  final WatchHub hub = new WatchHub();
  final ObjectStore store = new ObjectStore(hub);

  static final String MAPS = "/api/v1/namespaces/%s/configmaps";

  ApiResponse create(String collection, String json) {
    return store.call("POST", collection, "application/json", json);
  }

  static String configMap(String namespace, String name, String labels, String data) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\""
        + namespace + "\",\"labels\":{" + labels + "}},\"data\":{\"k\":\"" + data + "\"}}";
  }

  List<String> names(String collection) {
    List<String> names = new ArrayList<>();
    store.call("GET", collection, null, null).bodyNode().path("items")
        .forEach(item -> names.add(item.path("metadata").path("namespace").asString("") + "/"
            + item.path("metadata").path("name").asString()));
    return names;
  }

  // every key the mock holds is in the index with the same JSON, and the index holds nothing more
  void assertIndexMatchesStore() {
    Map<AttributeSet, String> stored = store.getMap();
    assertThat(store.indexedObjects()).isEqualTo(stored.size());
    synchronized (stored) {
      stored.forEach((key, json) -> assertThat(store.findResource(key)).isNotNull()
          .satisfies(found -> assertThat(found.getValue()).isEqualTo(json)));
    }
  }

  @Test
  void objectsOfTheSameNameInNeighbouringNamespacesAreListedOnlyInTheirOwn() {
    for (String namespace : List.of("shop", "shop-eu", "shopx", "sho")) {
      assertThat(create(MAPS.formatted(namespace), configMap(namespace, "settings", "", namespace)).code()).isEqualTo(201);
    }

    assertThat(names(MAPS.formatted("shop"))).containsExactly("shop/settings");
    assertThat(names("/api/v1/configmaps")).containsExactlyInAnyOrder("shop/settings", "shop-eu/settings",
        "shopx/settings", "sho/settings");
    assertThat(store.call("GET", MAPS.formatted("shop-eu") + "/settings", null, null).bodyNode()
        .path("data").path("k").asString()).isEqualTo("shop-eu");
    assertThat(store.call("GET", MAPS.formatted("nowhere") + "/settings", null, null).code()).isEqualTo(404);
    assertIndexMatchesStore();
  }

  @Test
  void clusterScopedAndNamespacedObjectsOfOneNameStayApart() {
    create("/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"shop\"}}");
    create(MAPS.formatted("shop"), configMap("shop", "shop", "", "v"));

    assertThat(names("/api/v1/namespaces")).containsExactly("/shop");
    assertThat(store.call("GET", "/api/v1/namespaces/shop", null, null).bodyNode().path("kind").asString())
        .isEqualTo("Namespace");
    assertThat(store.call("GET", MAPS.formatted("shop") + "/shop", null, null).bodyNode().path("kind").asString())
        .isEqualTo("ConfigMap");
    assertIndexMatchesStore();
  }

  @Test
  void aSecondCreateOfTheSameObjectConflictsAndChangesNothing() {
    JsonNode first = create(MAPS.formatted("shop"), configMap("shop", "settings", "", "one")).bodyNode();

    ApiResponse second = create(MAPS.formatted("shop"), configMap("shop", "settings", "", "two"));

    assertThat(second.code()).isEqualTo(409);
    assertThat(store.call("GET", MAPS.formatted("shop") + "/settings", null, null).bodyNode()).isEqualTo(first);
    assertIndexMatchesStore();
  }

  @Test
  void anUpdateThatChangesLabelsReplacesTheOldEntryAndKeepsTheVersionRising() {
    JsonNode created = create(MAPS.formatted("shop"), configMap("shop", "settings", "\"tier\":\"a\"", "one")).bodyNode();
    String update = configMap("shop", "settings", "\"tier\":\"b\"", "two")
        .replace("\"namespace\"", "\"resourceVersion\":\"" + created.path("metadata").path("resourceVersion").asString()
            + "\",\"namespace\"");

    ApiResponse updated = store.call("PUT", MAPS.formatted("shop") + "/settings", "application/json", update);

    assertThat(updated.code()).isEqualTo(200);
    JsonNode read = store.call("GET", MAPS.formatted("shop") + "/settings", null, null).bodyNode();
    assertThat(read.path("metadata").path("labels").path("tier").asString()).isEqualTo("b");
    assertThat(Long.parseLong(read.path("metadata").path("resourceVersion").asString()))
        .isGreaterThan(Long.parseLong(created.path("metadata").path("resourceVersion").asString()));
    assertThat(store.call("GET", MAPS.formatted("shop"), null, null).bodyNode().path("metadata").path("resourceVersion")
        .asString()).isEqualTo(read.path("metadata").path("resourceVersion").asString());
    assertThat(names(MAPS.formatted("shop"))).containsExactly("shop/settings");
    assertIndexMatchesStore();
  }

  @Test
  void aStaleUpdateConflictsAndAnUpdateOfAnAbsentObjectIsNotFound() {
    String first = create(MAPS.formatted("shop"), configMap("shop", "settings", "", "one")).bodyNode()
        .path("metadata").path("resourceVersion").asString();
    String update = configMap("shop", "settings", "", "two").replace("\"namespace\"",
        "\"resourceVersion\":\"" + first + "\",\"namespace\"");
    assertThat(store.call("PUT", MAPS.formatted("shop") + "/settings", "application/json", update).code()).isEqualTo(200);
    String stale = update.replace("\"two\"", "\"three\"");

    assertThat(store.call("PUT", MAPS.formatted("shop") + "/settings", "application/json", stale).code()).isEqualTo(409);
    assertThat(store.call("PUT", MAPS.formatted("shop") + "/absent", "application/json",
        configMap("shop", "absent", "", "x")).code()).isEqualTo(404);
    assertIndexMatchesStore();
  }

  @Test
  void deletingOneObjectLeavesItsNeighboursAndAnnouncesTheDeletion() {
    create(MAPS.formatted("shop"), configMap("shop", "a", "", "1"));
    create(MAPS.formatted("shop"), configMap("shop", "b", "", "2"));
    List<String> events = new ArrayList<>();
    hub.subscribe(store.getKey(MAPS.formatted("shop")), o -> true, 0,
        e -> events.add(e.type() + " " + e.object().path("metadata").path("name").asString()));

    ApiResponse deleted = store.call("DELETE", MAPS.formatted("shop") + "/a", null, null);

    assertThat(deleted.code()).isEqualTo(200);
    assertThat(deleted.bodyNode().path("metadata").path("name").asString()).isEqualTo("a");
    assertThat(store.call("DELETE", MAPS.formatted("shop") + "/a", null, null).code()).isEqualTo(404);
    assertThat(names(MAPS.formatted("shop"))).containsExactly("shop/b");
    assertThat(events).containsExactly("ADDED a", "ADDED b", "DELETED a");
    assertIndexMatchesStore();
  }

  @Test
  void deletingACollectionTakesOnlyThatNamespacesObjects() {
    for (String namespace : List.of("shop", "shop-eu")) {
      for (int i = 0; i < 3; i++) {
        create(MAPS.formatted(namespace), configMap(namespace, "m" + i, "", "v"));
      }
    }

    store.call("DELETE", MAPS.formatted("shop"), null, null);

    assertThat(names("/api/v1/configmaps")).containsExactlyInAnyOrder("shop-eu/m0", "shop-eu/m1", "shop-eu/m2");
    assertIndexMatchesStore();
  }

  @Test
  void anObjectWithFinalizersIsMarkedOnDeleteAndGoesWhenTheyAreRemoved() {
    String guarded = configMap("shop", "guarded", "", "v").replace("\"labels\"", "\"finalizers\":[\"portico.dev/x\"],\"labels\"");
    create(MAPS.formatted("shop"), guarded);

    assertThat(store.call("DELETE", MAPS.formatted("shop") + "/guarded", null, null).code()).isEqualTo(200);
    JsonNode marked = store.call("GET", MAPS.formatted("shop") + "/guarded", null, null).bodyNode();
    assertThat(marked.path("metadata").path("deletionTimestamp").asString()).endsWith("Z");
    ((tools.jackson.databind.node.ObjectNode) marked.path("metadata")).remove("finalizers");
    store.call("PUT", MAPS.formatted("shop") + "/guarded", "application/json", Json.write(marked));

    assertThat(store.call("GET", MAPS.formatted("shop") + "/guarded", null, null).code()).isEqualTo(404);
    assertIndexMatchesStore();
  }

  @Test
  void aStatusUpdateChangesOnlyTheStatusOfACustomResource() throws Exception {
    ResourceCatalog catalog = new ResourceCatalog(store);
    String crd = java.nio.file.Files.readString(KubectlAgainstEmulatedApiTest.CRDS.resolve("gatewayroutes.portico.dev-v1.yml"));
    create(ResourceCatalog.CRD_PATH, Json.write(Json.YAML.readTree(crd)));
    assertThat(catalog.find("portico.dev", "v1alpha1", "gatewayroutes")).isPresent();
    String routes = "/apis/portico.dev/v1alpha1/namespaces/shop/gatewayroutes";
    JsonNode created = create(routes, "{\"apiVersion\":\"portico.dev/v1alpha1\",\"kind\":\"GatewayRoute\","
        + "\"metadata\":{\"name\":\"r\",\"namespace\":\"shop\"},\"spec\":{\"hosts\":[\"a.example\"]}}").bodyNode();

    ApiResponse status = store.call("PUT", routes + "/r/status", "application/json", Json.write(created)
        .replace("\"spec\":{\"hosts\":[\"a.example\"]}", "\"spec\":{\"hosts\":[\"b.example\"]},\"status\":{\"observedGeneration\":1}"));

    assertThat(status.code()).isEqualTo(200);
    JsonNode read = store.call("GET", routes + "/r", null, null).bodyNode();
    assertThat(read.path("spec").path("hosts").get(0).asString()).isEqualTo("a.example");
    assertThat(read.path("status").path("observedGeneration").asInt()).isEqualTo(1);
    assertThat(read.path("metadata").path("generation").asLong()).isEqualTo(1);
    assertIndexMatchesStore();
  }

  @Test
  void theServedTypesFollowTheCustomResourceDefinitions() throws Exception {
    ResourceCatalog catalog = new ResourceCatalog(store);
    assertThat(catalog.find("portico.dev", "v1alpha1", "gatewayroutes")).isEmpty();
    String crd = java.nio.file.Files.readString(KubectlAgainstEmulatedApiTest.CRDS.resolve("gatewayroutes.portico.dev-v1.yml"));

    create(ResourceCatalog.CRD_PATH, Json.write(Json.YAML.readTree(crd)));
    assertThat(catalog.find("portico.dev", "v1alpha1", "gatewayroutes")).isPresent();

    store.call("DELETE", ResourceCatalog.CRD_PATH + "/gatewayroutes.portico.dev", null, null);
    assertThat(catalog.find("portico.dev", "v1alpha1", "gatewayroutes")).isEmpty();
    assertIndexMatchesStore();
  }

  @Test
  void readsDuringUpdatesNeverMissTheObjectNorSeeAListBehindItsItems() throws Exception {
    create(MAPS.formatted("shop"), configMap("shop", "busy", "", "0"));
    java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread writer = new Thread(() -> {
      for (int i = 1; i <= 1000; i++) {
        // a label change replaces the mock's key too, the widest window a reader could fall into
        store.call("PUT", MAPS.formatted("shop") + "/busy", "application/json",
            configMap("shop", "busy", "\"round\":\"" + i + "\"", String.valueOf(i)));
      }
      writing.set(false);
    });
    writer.start();
    List<String> problems = new ArrayList<>();
    int reads = 0;
    while (writing.get() || reads == 0) {
      reads++;
      ApiResponse one = store.call("GET", MAPS.formatted("shop") + "/busy", null, null);
      if (one.code() != 200) {
        problems.add("GET answered " + one.code());
      }
      JsonNode list = store.call("GET", MAPS.formatted("shop"), null, null).bodyNode();
      long listVersion = Long.parseLong(list.path("metadata").path("resourceVersion").asString());
      for (JsonNode item : list.path("items")) {
        if (Long.parseLong(item.path("metadata").path("resourceVersion").asString()) > listVersion) {
          problems.add("list version " + listVersion + " behind its item");
        }
      }
      if (list.path("items").size() != 1) {
        problems.add("list held " + list.path("items").size() + " objects");
      }
    }
    writer.join();

    assertThat(problems).isEmpty();
    assertThat(store.call("GET", MAPS.formatted("shop") + "/busy", null, null).bodyNode().path("data").path("k")
        .asString()).isEqualTo("1000");
    assertIndexMatchesStore();
  }
}
