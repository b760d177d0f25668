package dev.portico.apiserver;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The real kubectl binary, with its default (strict, server-side) validation, against the emulated API. */
class KubectlAgainstEmulatedApiTest {

  static final Path CRDS = Path.of("..", "crds");
  static final ResourceDefinitionContext ROUTES = new ResourceDefinitionContext.Builder()
      .withGroup("portico.dev").withVersion("v1alpha1").withKind("GatewayRoute").withPlural("gatewayroutes")
      .withNamespaced(true).build();

  @TempDir
  static Path home;
  static EmulatedApiServer api;
  static Kubectl kubectl;

  @BeforeAll
  static void startApiAndInstallCrds() {
    api = EmulatedApiServer.start("127.0.0.1", 0);
    kubectl = new Kubectl(api.writeKubeconfig(home.resolve("kubeconfig")), home);
    Kubectl.Result crds = kubectl.run("apply", "-f", CRDS.toString());
    assertThat(crds.exitCode()).as(crds.output()).isZero();
    assertThat(crds.stdout()).contains("customresourcedefinition.apiextensions.k8s.io/gatewayroutes.portico.dev created");
  }

  @AfterAll
  static void stopApi() {
    api.close();
  }

  static String route(String name, int weight) {
    return """
        apiVersion: portico.dev/v1alpha1
        kind: GatewayRoute
        metadata:
          name: %s
          namespace: default
        spec:
          hosts: [api.shop.example]
          rules:
          - name: users
            matches:
            - path: {type: PathPrefix, value: /api/users}
            backends:
            - {service: user-service, port: 8080, weight: %d}
        """.formatted(name, weight);
  }

  @Test
  void getListsRoutesWithTheCrdPrinterColumns() {
    assertThat(kubectl.applyText(route("listed", 5)).stdout()).contains("gatewayroute.portico.dev/listed created");
    setProgrammedStatus("listed");

    Kubectl.Result get = kubectl.run("get", "gr");

    assertThat(get.exitCode()).as(get.output()).isZero();
    String header = get.stdout().lines().findFirst().orElseThrow();
    assertThat(header).contains("NAME", "HOSTS", "ACCEPTED", "PROGRAMMED", "DATAPLANES", "AGE");
    String row = get.stdout().lines().filter(l -> l.startsWith("listed ")).findFirst().orElseThrow();
    assertThat(row).contains("[\"api.shop.example\"]", "True", "False", "1/2");
    assertThat(header).doesNotContain("RESOLVED");

    // -o wide adds ResolvedRefs: a route can be Accepted while a backend it names is missing
    Kubectl.Result wide = kubectl.run("get", "gr", "listed", "-o", "wide");
    assertThat(wide.exitCode()).as(wide.output()).isZero();
    assertThat(wide.stdout().lines().findFirst().orElseThrow())
        .matches("NAME\\s+HOSTS\\s+ACCEPTED\\s+PROGRAMMED\\s+DATAPLANES\\s+RESOLVED\\s+AGE\\s*");
    assertThat(wide.stdout().lines().skip(1).findFirst().orElseThrow())
        .matches("listed\\s+\\[\"api.shop.example\"\\]\\s+True\\s+False\\s+1/2\\s+False\\s+\\S+\\s*");
  }

  @Test
  void sortByOrdersTheRowsByAFieldOfTheWholeObject() {
    for (int weight : new int[] {30, 10, 20}) {
      kubectl.applyText(route("sorted-" + weight, weight).replace("namespace: default", "namespace: sorting"));
    }

    Kubectl.Result get = kubectl.run("get", "gr", "-n", "sorting", "--sort-by=.spec.rules[0].backends[0].weight",
        "-o", "custom-columns=NAME:.metadata.name", "--no-headers");

    assertThat(get.exitCode()).as(get.output()).isZero();
    assertThat(get.stdout().lines().toList()).containsExactly("sorted-10", "sorted-20", "sorted-30");
    Kubectl.Result table = kubectl.run("get", "gr", "-n", "sorting", "--sort-by=.spec.rules[0].backends[0].weight");
    assertThat(table.stdout().lines().skip(1).map(l -> l.split("\\s+")[0]).toList())
        .containsExactly("sorted-10", "sorted-20", "sorted-30");
  }

  @Test
  void getAsYamlShowsTheStoredObjectWithSchemaDefaults() {
    kubectl.applyText(route("as-yaml", 7));

    Kubectl.Result yaml = kubectl.run("get", "gatewayroute", "as-yaml", "-o", "yaml");

    assertThat(yaml.exitCode()).as(yaml.output()).isZero();
    assertThat(yaml.stdout()).contains("kind: GatewayRoute", "name: as-yaml", "weight: 7", "gateway: default",
        "uid:", "resourceVersion:", "generation: 1", "creationTimestamp:");
  }

  @Test
  void describeShowsTheEventsAboutTheRouteOnly() {
    kubectl.applyText(route("described", 3));
    KubernetesClient client = api.client();
    GenericKubernetesResource stored = client.genericKubernetesResources(ROUTES).inNamespace("default")
        .withName("described").get();
    recordEvent(client, "about-it", "described", stored.getMetadata().getUid(), "Route programmed on 2/2 data planes");
    recordEvent(client, "about-another", "someone-else", "another-uid", "Not about this route");

    Kubectl.Result describe = kubectl.run("describe", "gr", "described");

    assertThat(describe.exitCode()).as(describe.output()).isZero();
    assertThat(describe.stdout()).contains("Name:", "described", "Service:", "user-service",
        "Route programmed on 2/2 data planes").doesNotContain("Not about this route");
  }

  @Test
  void getEventsPrintsTheApiServersEventColumns() {
    recordEvent(api.client(), "listed-event", "evented", "evented-uid", "Route programmed on 2/2 data planes");

    Kubectl.Result get = kubectl.run("get", "events");
    Kubectl.Result wide = kubectl.run("get", "events", "-o", "wide");

    assertThat(get.exitCode()).as(get.output()).isZero();
    assertThat(get.stdout().lines().findFirst().orElseThrow().split("\\s{2,}"))
        .containsExactly("LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE");
    String row = get.stdout().lines().filter(l -> l.contains("gatewayroute/evented")).findFirst().orElseThrow();
    assertThat(row).matches("\\d+d\\s+Normal\\s+Programmed\\s+gatewayroute/evented\\s+Route programmed on 2/2 data planes");
    assertThat(wide.stdout().lines().findFirst().orElseThrow()).contains("FIRST SEEN", "COUNT", "NAME");
    assertThat(wide.stdout()).contains("listed-event");
  }

  @Test
  void waitReturnsOnceTheCrdIsEstablishedAndTheRouteAccepted() {
    Kubectl.Result established = kubectl.run("wait", "--for", "condition=established", "--timeout=10s",
        "crd/gatewayroutes.portico.dev");
    assertThat(established.exitCode()).as(established.output()).isZero();
    kubectl.applyText(route("awaited", 1));
    setProgrammedStatus("awaited");

    Kubectl.Result accepted = kubectl.run("wait", "--for=condition=Accepted", "--timeout=10s", "gr/awaited");

    assertThat(accepted.exitCode()).as(accepted.output()).isZero();
    assertThat(accepted.stdout()).contains("gatewayroute.portico.dev/awaited condition met");
  }

  @Test
  void deleteRemovesTheRoute() {
    kubectl.applyText(route("doomed", 1));

    Kubectl.Result delete = kubectl.run("delete", "gr", "doomed");

    assertThat(delete.exitCode()).as(delete.output()).isZero();
    assertThat(delete.stdout()).contains("gatewayroute.portico.dev \"doomed\" deleted");
    Kubectl.Result get = kubectl.run("get", "gr", "doomed");
    assertThat(get.exitCode()).isNotZero();
    assertThat(get.stderr()).contains("NotFound", "\"doomed\" not found");
  }

  @Test
  void explainPrintsTheSchemaDescriptionsOfANestedField() {
    Kubectl.Result explain = kubectl.run("explain", "gatewayroute.spec.rules");

    assertThat(explain.exitCode()).as(explain.output()).isZero();
    assertThat(explain.stdout()).contains("KIND:       GatewayRoute", "FIELD: rules <[]Object>", "backends",
        "aggregate", "DESCRIPTION:");
  }

  @Test
  void invalidManifestIsRefusedNamingTheField() {
    Kubectl.Result apply = kubectl.applyText(route("negative", -1).replace("negative", "broken-weight"));

    assertThat(apply.exitCode()).isNotZero();
    assertThat(apply.stderr()).contains("GatewayRoute \"broken-weight\" is invalid",
        "spec.rules[0].backends[0].weight", "Invalid value: -1", "greater than or equal to 0");
    assertThat(kubectl.run("get", "gr", "broken-weight").exitCode()).isNotZero();
  }

  @Test
  void objectNamesMustBeDnsSubdomains() {
    Kubectl.Result apply = kubectl.applyText(route("Not_A_Name", 1));

    assertThat(apply.exitCode()).isNotZero();
    assertThat(apply.stderr()).contains("metadata.name: Invalid value: \"Not_A_Name\"", "RFC 1123 subdomain");
  }

  @Test
  void unknownFieldIsRefusedUnderStrictValidation() {
    Kubectl.Result apply = kubectl.applyText(route("bogus", 1).replace("  hosts:", "  bogus: true\n  hosts:"));

    assertThat(apply.exitCode()).isNotZero();
    assertThat(apply.stderr()).contains("strict decoding error: unknown field \"spec.bogus\"");
  }

  @Test
  void watchPrintsTheRouteAgainWhenItChanges() throws Exception {
    kubectl.applyText(route("watched", 1));
    Process watch = kubectl.start("get", "gr", "watched", "-w");
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8))) {
        in.lines().forEach(lines::add);
      } catch (Exception ignored) {
        // the watch was stopped
      }
    });
    reader.setDaemon(true);
    reader.start();
    try {
      await().atMost(Duration.ofSeconds(15)).until(() -> lines.stream().anyMatch(l -> l.startsWith("watched ")));
      await().atMost(Duration.ofSeconds(15)).until(() -> api.openWatches() > 0);

      setProgrammedStatus("watched");

      await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(lines)
          .anySatisfy(l -> assertThat(l).startsWith("watched ").contains("True", "1/2")));
    } finally {
      watch.destroy();
      watch.waitFor();
    }
    // the server lets go of a watch whose client went away
    await().atMost(Duration.ofSeconds(10)).until(() -> api.openWatches() == 0);
  }

  @Test
  void serverSideApplyCreatesAndThenUpdatesTheRoute() {
    Kubectl.Result create = kubectl.applyText(route("applied", 10), "--server-side");
    assertThat(create.exitCode()).as(create.output()).isZero();
    assertThat(create.stdout()).contains("gatewayroute.portico.dev/applied serverside-applied");

    Kubectl.Result update = kubectl.applyText(route("applied", 20), "--server-side");

    assertThat(update.exitCode()).as(update.output()).isZero();
    Kubectl.Result yaml = kubectl.run("get", "gr", "applied", "-o", "jsonpath={.metadata.generation} {.spec.rules[0].backends[0].weight}");
    assertThat(yaml.stdout()).isEqualTo("2 20");

    // a field the manager applied before and leaves out now goes away
    Kubectl.Result withoutHosts = kubectl.applyText(route("applied", 20).replace("  hosts: [api.shop.example]\n", ""),
        "--server-side");
    assertThat(withoutHosts.exitCode()).as(withoutHosts.output()).isZero();
    assertThat(kubectl.run("get", "gr", "applied", "-o", "jsonpath={.spec.hosts}").stdout()).isEmpty();
  }

  /**
   * A file that lists its namespace first deletes cleanly, as on a real cluster: the namespace is Terminating (no new
   * objects in it) until its objects and then it are gone, and kubectl waits for that.
   */
  @Test
  void deletingAFileThatListsItsNamespaceFirstSucceeds() throws Exception {
    Path manifest = home.resolve("whole-app.yaml");
    Files.writeString(manifest, """
        apiVersion: v1
        kind: Namespace
        metadata: {name: whole-app}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings, namespace: whole-app}
        data: {mode: demo}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: whole-app}
        spec: {ports: [{port: 80}]}
        """);
    assertThat(kubectl.run("apply", "-f", manifest.toString()).exitCode()).isZero();

    Kubectl.Result delete = kubectl.run("delete", "-f", manifest.toString());

    assertThat(delete.exitCode()).as(delete.output()).isZero();
    assertThat(delete.stdout()).contains("namespace \"whole-app\" deleted", "configmap \"settings\" deleted",
        "service \"web\" deleted");
    assertThat(kubectl.run("get", "namespace", "whole-app").stderr()).contains("\"whole-app\" not found");
  }

  @Test
  void aTerminatingNamespaceTakesNoNewObjects() {
    assertThat(kubectl.run("create", "namespace", "closing").exitCode()).isZero();
    Kubectl.Result delete = kubectl.run("delete", "namespace", "closing", "--wait=false");
    assertThat(delete.exitCode()).as(delete.output()).isZero();

    assertThat(kubectl.run("get", "namespace", "closing", "-o", "jsonpath={.status.phase}").stdout())
        .isEqualTo("Terminating");
    Kubectl.Result create = kubectl.run("create", "configmap", "late", "-n", "closing");
    assertThat(create.exitCode()).isNotZero();
    assertThat(create.stderr()).contains("configmaps \"late\" is forbidden: unable to create new content in namespace "
        + "closing because it is being terminated");
  }

  @Test
  void builtInKindsApplyWithDefaultValidationAndReapplyWithChanges() throws Exception {
    Path manifest = home.resolve("backend.yaml");
    Files.writeString(manifest, backend(8080));
    Kubectl.Result first = kubectl.run("apply", "-f", manifest.toString());
    assertThat(first.exitCode()).as(first.output()).isZero();
    assertThat(first.stdout()).contains("service/user-service created", "secret/api-keys created",
        "endpointslice.discovery.k8s.io/user-service-1 created");

    Files.writeString(manifest, backend(9090));
    Kubectl.Result second = kubectl.run("apply", "-f", manifest.toString());

    assertThat(second.exitCode()).as(second.output()).isZero();
    Kubectl.Result ports = kubectl.run("get", "svc", "user-service", "-o", "jsonpath={.spec.ports[*].port}");
    assertThat(ports.stdout()).isEqualTo("9090");
    Kubectl.Result data = kubectl.run("get", "secret", "api-keys", "-o", "jsonpath={.data.client-a}");
    assertThat(data.stdout()).isEqualTo("c2VjcmV0LWE=");
    Kubectl.Result table = kubectl.run("get", "svc", "user-service");
    assertThat(table.stdout().lines().findFirst().orElseThrow().split("\\s{2,}"))
        .containsExactly("NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE");
    assertThat(table.stdout().lines().skip(1).findFirst().orElseThrow())
        .matches("user-service\\s+ClusterIP\\s+\\S+\\s+<none>\\s+9090/TCP\\s+\\d+s");
  }

  @Test
  void imperativeCreateOfNamespaceConfigMapAndSecretWorks() {
    // kubectl create sends these built-in kinds as protobuf, not JSON
    assertThat(kubectl.run("create", "namespace", "imperative").stdout()).contains("namespace/imperative created");
    assertThat(kubectl.run("create", "configmap", "settings", "-n", "imperative", "--from-literal=mode=demo").stdout())
        .contains("configmap/settings created");
    assertThat(kubectl.run("create", "secret", "generic", "token", "-n", "imperative", "--from-literal=key=abc").stdout())
        .contains("secret/token created");

    assertThat(kubectl.run("get", "namespaces").stdout()).contains("imperative");
    assertThat(kubectl.run("get", "configmap", "settings", "-n", "imperative", "-o", "jsonpath={.data.mode}").stdout())
        .isEqualTo("demo");
    assertThat(kubectl.run("get", "secret", "token", "-n", "imperative", "-o", "jsonpath={.type} {.data.key}").stdout())
        .isEqualTo("Opaque YWJj");
  }

  private static String backend(int port) {
    return """
        apiVersion: v1
        kind: Service
        metadata: {name: user-service, namespace: default}
        spec:
          selector: {app: users}
          ports: [{name: http, port: %d, targetPort: 8080}]
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: api-keys, namespace: default}
        stringData: {client-a: secret-a}
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata:
          name: user-service-1
          namespace: default
          labels: {kubernetes.io/service-name: user-service}
        addressType: IPv4
        ports: [{name: http, port: 18080, protocol: TCP}]
        endpoints: [{addresses: ["127.0.0.1"], conditions: {ready: true}}]
        """.formatted(port);
  }

  private static void setProgrammedStatus(String name) {
    KubernetesClient client = api.client();
    GenericKubernetesResource route = client.genericKubernetesResources(ROUTES).inNamespace("default")
        .withName(name).get();
    route.setAdditionalProperty("status", Map.of(
        "observedGeneration", route.getMetadata().getGeneration(),
        "conditions", List.of(
            Map.of("type", "Accepted", "status", "True", "reason", "Accepted", "message", "",
                "lastTransitionTime", "2026-01-01T00:00:00Z"),
            Map.of("type", "ResolvedRefs", "status", "False", "reason", "BackendNotFound", "message", "",
                "lastTransitionTime", "2026-01-01T00:00:00Z"),
            Map.of("type", "Programmed", "status", "False", "reason", "Pending", "message", "",
                "lastTransitionTime", "2026-01-01T00:00:00Z")),
        "dataPlanes", Map.of("ready", 1, "total", 2, "summary", "1/2")));
    client.genericKubernetesResources(ROUTES).inNamespace("default").resource(route).updateStatus();
  }

  private static void recordEvent(KubernetesClient client, String eventName, String routeName, String uid,
      String message) {
    client.v1().events().inNamespace("default").resource(new EventBuilder()
        .withNewMetadata().withName(eventName).withNamespace("default").endMetadata()
        .withNewInvolvedObject().withApiVersion("portico.dev/v1alpha1").withKind("GatewayRoute")
        .withName(routeName).withNamespace("default").withUid(uid).endInvolvedObject()
        .withType("Normal").withReason("Programmed").withMessage(message)
        .withFirstTimestamp("2026-01-01T00:00:00Z").withLastTimestamp("2026-01-01T00:00:00Z").withCount(1)
        .build()).create();
  }
}
