package dev.portico.apiserver;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.FileInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.portico.apiserver.KubectlAgainstEmulatedApiTest.ROUTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The API as the operator meets it through Fabric8: status subresource, generations, selectors, informers. */
class Fabric8ClientAgainstEmulatedApiTest {

  static EmulatedApiServer api;
  static KubernetesClient client;

  @BeforeAll
  static void startApiWithCrds() throws IOException {
    api = EmulatedApiServer.start("127.0.0.1", 0);
    client = api.client();
    for (String file : List.of("gatewayroutes.portico.dev-v1.yml", "ratelimitpolicies.portico.dev-v1.yml")) {
      try (FileInputStream in = new FileInputStream(KubectlAgainstEmulatedApiTest.CRDS.resolve(file).toFile())) {
        client.apiextensions().v1().customResourceDefinitions().resource(
            client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class)).create();
      }
    }
  }

  @AfterAll
  static void stopApi() {
    api.close();
  }

  private static GenericKubernetesResource route(String name, int weight) {
    GenericKubernetesResource route = new GenericKubernetesResource();
    route.setApiVersion("portico.dev/v1alpha1");
    route.setKind("GatewayRoute");
    route.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).withNamespace("default")
        .build());
    route.setAdditionalProperty("spec", Map.of("rules", List.of(Map.of(
        "backends", List.of(Map.of("service", "user-service", "port", 8080, "weight", weight))))));
    return route;
  }

  private static io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource> stored(String name) {
    return client.genericKubernetesResources(ROUTES).inNamespace("default").withName(name);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> part(GenericKubernetesResource route, String name) {
    return (Map<String, Object>) route.getAdditionalProperties().get(name);
  }

  private static GenericKubernetesResource write(GenericKubernetesResource route) {
    return client.genericKubernetesResources(ROUTES).inNamespace("default").resource(route).update();
  }

  private static GenericKubernetesResource writeStatus(GenericKubernetesResource route) {
    return client.genericKubernetesResources(ROUTES).inNamespace("default").resource(route).updateStatus();
  }

  @SuppressWarnings("unchecked")
  private static int weightOf(GenericKubernetesResource route) {
    Map<String, Object> spec = (Map<String, Object>) route.getAdditionalProperties().get("spec");
    Map<String, Object> rule = ((List<Map<String, Object>>) spec.get("rules")).get(0);
    return ((Number) ((List<Map<String, Object>>) rule.get("backends")).get(0).get("weight")).intValue();
  }

  @Test
  void createSetsIdentityVersionGenerationAndSchemaDefaults() {
    GenericKubernetesResource created = client.genericKubernetesResources(ROUTES).inNamespace("default")
        .resource(route("fresh", 1)).create();

    assertThat(created.getMetadata().getUid()).isNotBlank();
    assertThat(created.getMetadata().getCreationTimestamp()).isNotBlank();
    assertThat(created.getMetadata().getResourceVersion()).isNotBlank();
    assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(part(created, "spec")).containsEntry("gateway", "default");
  }

  @Test
  void statusWriteChangesOnlyTheStatus() {
    client.genericKubernetesResources(ROUTES).inNamespace("default").resource(route("status-only", 1)).create();
    GenericKubernetesResource withStatus = stored("status-only").get();
    withStatus.setAdditionalProperty("status", Map.of("observedGeneration", 1));
    withStatus.setAdditionalProperty("spec", Map.of("gateway", "sneaky", "rules", List.of(Map.of(
        "backends", List.of(Map.of("service", "other", "port", 80))))));

    GenericKubernetesResource after = writeStatus(withStatus);

    assertThat(part(after, "status")).containsEntry("observedGeneration", 1);
    GenericKubernetesResource reread = stored("status-only").get();
    assertThat(part(reread, "spec")).containsEntry("gateway", "default");
    assertThat(reread.getMetadata().getGeneration()).isEqualTo(1L);
  }

  @Test
  void specChangeBumpsGenerationOnceWhileMetadataChangesDoNot() {
    client.genericKubernetesResources(ROUTES).inNamespace("default").resource(route("generations", 1)).create();

    GenericKubernetesResource labelled = stored("generations").edit(r -> {
      r.getMetadata().setLabels(Map.of("team", "shop"));
      return r;
    });
    assertThat(labelled.getMetadata().getGeneration()).isEqualTo(1L);

    GenericKubernetesResource changed = stored("generations").edit(r -> route("generations", 5));

    assertThat(changed.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(weightOf(stored("generations").get())).isEqualTo(5);
  }

  @Test
  void mainResourceWriteKeepsTheStoredStatus() {
    client.genericKubernetesResources(ROUTES).inNamespace("default").resource(route("keeps-status", 1)).create();
    GenericKubernetesResource current = stored("keeps-status").get();
    current.setAdditionalProperty("status", Map.of("observedGeneration", 1));
    writeStatus(current);

    GenericKubernetesResource replaced = route("keeps-status", 2);
    replaced.setAdditionalProperty("status", Map.of("observedGeneration", 99));
    write(replacedWithVersion(replaced));

    assertThat(part(stored("keeps-status").get(), "status"))
        .containsEntry("observedGeneration", 1);
  }

  private static GenericKubernetesResource replacedWithVersion(GenericKubernetesResource replacement) {
    replacement.getMetadata().setResourceVersion(stored(replacement.getMetadata().getName()).get()
        .getMetadata().getResourceVersion());
    return replacement;
  }

  @Test
  void staleResourceVersionIsAConflictForUpdatesAndPatches() {
    GenericKubernetesResource created = client.genericKubernetesResources(ROUTES).inNamespace("default")
        .resource(route("contended", 1)).create();
    String staleVersion = created.getMetadata().getResourceVersion();
    stored("contended").edit(r -> route("contended", 2));

    GenericKubernetesResource stale = route("contended", 3);
    stale.getMetadata().setResourceVersion(staleVersion);
    assertThatThrownBy(() -> write(stale))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    assertThatThrownBy(() -> stored("contended").patch(new io.fabric8.kubernetes.client.dsl.base.PatchContext.Builder()
        .withPatchType(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE).build(),
        "{\"metadata\":{\"resourceVersion\":\"" + staleVersion + "\"},\"spec\":{\"gateway\":\"x\"}}"))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    assertThat(weightOf(stored("contended").get())).isEqualTo(2);
  }

  @Test
  void schemaViolationIsRefusedWith422NamingTheField() {
    assertThatThrownBy(() -> client.genericKubernetesResources(ROUTES).inNamespace("default")
        .resource(route("negative", -1)).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(422);
          assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
          assertThat(e.getStatus().getMessage()).startsWith("GatewayRoute.portico.dev \"negative\" is invalid: "
              + "spec.rules[0].backends[0].weight: Invalid value: -1");
          assertThat(e.getStatus().getDetails().getCauses()).singleElement()
              .satisfies(c -> assertThat(c.getField()).isEqualTo("spec.rules[0].backends[0].weight"));
        });
  }

  @Test
  void headerValueWithALineBreakIsRefusedWith422NamingTheField() {
    GenericKubernetesResource injecting = route("injecting", 1);
    injecting.setAdditionalProperty("spec", Map.of("rules", List.of(Map.of(
        "backends", List.of(Map.of("service", "user-service", "port", 8080)),
        "requestHeaders", Map.of("set", List.of(Map.of("name", "X-A", "value", "a\r\nX-Injected: 1")))))));

    assertThatThrownBy(() -> client.genericKubernetesResources(ROUTES).inNamespace("default")
        .resource(injecting).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(422);
          assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
          assertThat(e.getStatus().getMessage()).startsWith("GatewayRoute.portico.dev \"injecting\" is invalid: "
              + "spec.rules[0].requestHeaders.set[0].value: Invalid value: \"a\\r\\nX-Injected: 1\"")
              .doesNotContain("\r", "\n");
          assertThat(e.getStatus().getDetails().getCauses()).singleElement()
              .satisfies(c -> assertThat(c.getField()).isEqualTo("spec.rules[0].requestHeaders.set[0].value"));
        });
    assertThat(stored("injecting").get()).isNull();
  }

  @Test
  void headerValuesWithSpacesInsideAndLatin1LettersAreAccepted() {
    GenericKubernetesResource spaced = route("spaced-values", 1);
    spaced.setAdditionalProperty("spec", Map.of("rules", List.of(Map.of(
        "backends", List.of(Map.of("service", "user-service", "port", 8080)),
        "responseHeaders", Map.of("add", List.of(Map.of("name", "Cache-Control", "value", "no-store, max-age=0"),
            Map.of("name", "X-Empty", "value", ""), Map.of("name", "X-Latin", "value", "caf\u00e9")))))));

    client.genericKubernetesResources(ROUTES).inNamespace("default").resource(spaced).create();

    assertThat(stored("spaced-values").get()).isNotNull();
  }

  @Test
  void informerSeesAddsUpdatesAndDeletes() {
    List<String> seen = new CopyOnWriteArrayList<>();
    SharedIndexInformer<GenericKubernetesResource> informer = client.genericKubernetesResources(ROUTES)
        .inNamespace("default").inform(new ResourceEventHandler<>() {
          @Override
          public void onAdd(GenericKubernetesResource obj) {
            seen.add("add " + obj.getMetadata().getName());
          }

          @Override
          public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
            seen.add("update " + newObj.getMetadata().getName() + " " + weightOf(newObj));
          }

          @Override
          public void onDelete(GenericKubernetesResource obj, boolean deletedFinalStateUnknown) {
            seen.add("delete " + obj.getMetadata().getName());
          }
        });
    try {
      client.genericKubernetesResources(ROUTES).inNamespace("default").resource(route("informed", 1)).create();
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("add informed"));
      stored("informed").edit(r -> route("informed", 3));
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("update informed 3"));
      stored("informed").delete();
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("delete informed"));
    } finally {
      informer.close();
    }
  }

  @Test
  void finalizersHoldDeletionUntilTheyAreRemoved() {
    GenericKubernetesResource held = route("held", 1);
    held.getMetadata().setFinalizers(List.of("portico.dev/finalizer"));
    client.genericKubernetesResources(ROUTES).inNamespace("default").resource(held).create();

    stored("held").delete();

    GenericKubernetesResource marked = stored("held").get();
    assertThat(marked).isNotNull();
    assertThat(marked.getMetadata().getDeletionTimestamp()).isNotBlank();
    stored("held").edit(r -> {
      r.getMetadata().setFinalizers(List.of());
      return r;
    });
    assertThat(stored("held").get()).isNull();
  }

  @Test
  void aLabelledWatchSeesObjectsEnterAndLeaveItsSelector() {
    List<String> seen = new CopyOnWriteArrayList<>();
    io.fabric8.kubernetes.client.Watch watch = client.configMaps().inNamespace("default")
        .withLabelIn("stage", "live", "canary").watch(new io.fabric8.kubernetes.client.Watcher<>() {
          @Override
          public void eventReceived(Action action, io.fabric8.kubernetes.api.model.ConfigMap resource) {
            seen.add(action + " " + resource.getMetadata().getName());
          }

          @Override
          public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {
          }
        });
    try {
      client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("mover")
          .withLabels(Map.of("stage", "draft")).endMetadata().build()).create();
      client.configMaps().inNamespace("default").withName("mover").edit(c -> {
        c.getMetadata().setLabels(Map.of("stage", "live"));
        return c;
      });
      client.configMaps().inNamespace("default").withName("mover").edit(c -> {
        c.getMetadata().setLabels(Map.of("stage", "retired"));
        return c;
      });

      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(seen).containsExactly("ADDED mover", "DELETED mover"));
    } finally {
      watch.close();
    }
  }

  @Test
  void labelAndFieldSelectorsFilterLists() {
    client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("blue")
        .withLabels(Map.of("color", "blue")).endMetadata().build()).create();
    client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("red")
        .withLabels(Map.of("color", "red")).endMetadata().build()).create();

    assertThat(client.configMaps().inNamespace("default").withLabel("color", "blue").list().getItems())
        .extracting(c -> c.getMetadata().getName()).containsExactly("blue");
    assertThat(client.configMaps().inNamespace("default").withField("metadata.name", "red").list().getItems())
        .extracting(c -> c.getMetadata().getName()).containsExactly("red");
  }

  @Test
  void deletingANamespaceDeletesItsObjects() {
    client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
        .withName("doomed").endMetadata().build()).create();
    client.configMaps().inNamespace("doomed").resource(new ConfigMapBuilder().withNewMetadata().withName("inside")
        .endMetadata().build()).create();
    client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName("outside")
        .endMetadata().build()).create();

    client.namespaces().withName("doomed").delete();

    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
        client.namespaces().withName("doomed").get() == null);
    assertThat(client.configMaps().inNamespace("doomed").withName("inside").get()).isNull();
    assertThat(client.configMaps().inNamespace("default").withName("outside").get()).isNotNull();
  }

  @Test
  void leasesCanBeCreatedAndRenewed() {
    client.leases().inNamespace("default").resource(new LeaseBuilder().withNewMetadata().withName("operator")
        .endMetadata().withNewSpec().withHolderIdentity("a").withLeaseDurationSeconds(15).endSpec().build()).create();

    client.leases().inNamespace("default").withName("operator").edit(l -> {
      l.getSpec().setHolderIdentity("b");
      return l;
    });

    assertThat(client.leases().inNamespace("default").withName("operator").get().getSpec().getHolderIdentity())
        .isEqualTo("b");
  }

  @Test
  void strategicMergePatchOfACustomResourceIsRefusedLikeARealServer() {
    client.genericKubernetesResources(ROUTES).inNamespace("default").resource(route("no-smp", 1)).create();

    assertThatThrownBy(() -> stored("no-smp").patch(new io.fabric8.kubernetes.client.dsl.base.PatchContext.Builder()
        .withPatchType(io.fabric8.kubernetes.client.dsl.base.PatchType.STRATEGIC_MERGE).build(),
        "{\"metadata\":{\"labels\":{\"a\":\"b\"}}}"))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(415));
  }

}
