package dev.portico.apiserver;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The emulated API at the HTTP level: the documents and encodings kubectl depends on. */
class EmulatedApiHttpTest {

  static final String TABLE_ACCEPT = "application/json;as=Table;v=v1;g=meta.k8s.io,"
      + "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

  static EmulatedApiServer api;
  static KubernetesClient client;
  static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws IOException {
    api = EmulatedApiServer.start("127.0.0.1", 0);
    client = api.client();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  static void installRouteCrd() throws IOException {
    if (client.apiextensions().v1().customResourceDefinitions().withName("gatewayroutes.portico.dev").get() != null) {
      return;
    }
    try (FileInputStream in = new FileInputStream(
        KubectlAgainstEmulatedApiTest.CRDS.resolve("gatewayroutes.portico.dev-v1.yml").toFile())) {
      client.apiextensions().v1().customResourceDefinitions().resource(
          client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class)).create();
    }
  }

  static JsonNode get(String path, String accept) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api.url() + path))
        .header("Accept", accept).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + " " + response.body()).isEqualTo(200);
    return Json.parse(response.body());
  }

  static HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(api.url() + path)).header("Content-Type", contentType)
        .method(method, HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void versionAnswersAsKubernetes132() throws Exception {
    JsonNode version = get("/version", "application/json");

    assertThat(version.path("major").asString()).isEqualTo("1");
    assertThat(version.path("minor").asString()).isEqualTo("32");
    assertThat(version.path("gitVersion").asString()).isEqualTo("v1.32.0");
  }

  @Test
  void coreDiscoveryListsBuiltInKindsWithVerbsAndShortNames() throws Exception {
    JsonNode v1 = get("/api/v1", "application/json");

    assertThat(v1.path("kind").asString()).isEqualTo("APIResourceList");
    JsonNode services = find(v1.path("resources"), "services");
    assertThat(services.path("kind").asString()).isEqualTo("Service");
    assertThat(services.path("shortNames").toString()).contains("svc");
    assertThat(services.path("verbs").toString()).contains("watch", "patch", "create");
    assertThat(find(v1.path("resources"), "namespaces").path("namespaced").asBoolean()).isFalse();
    assertThat(get("/api", "application/json").path("versions").toString()).contains("v1");
  }

  @Test
  void anInstalledCrdAppearsInDiscoveryImmediately() throws Exception {
    installRouteCrd();

    JsonNode groups = get("/apis", "application/json");
    assertThat(groups.path("groups").toString()).contains("\"name\":\"portico.dev\"", "discovery.k8s.io",
        "coordination.k8s.io", "events.k8s.io", "apiextensions.k8s.io");

    JsonNode resources = get("/apis/portico.dev/v1alpha1", "application/json");
    JsonNode routes = find(resources.path("resources"), "gatewayroutes");
    assertThat(routes.path("singularName").asString()).isEqualTo("gatewayroute");
    assertThat(routes.path("kind").asString()).isEqualTo("GatewayRoute");
    assertThat(routes.path("namespaced").asBoolean()).isTrue();
    assertThat(routes.path("shortNames").toString()).contains("gr");
    assertThat(routes.path("categories").toString()).contains("portico");
    assertThat(find(resources.path("resources"), "gatewayroutes/status").path("verbs").toString()).contains("patch");
  }

  @Test
  void openApiDocumentLetsKubectlLeaveValidationToTheServer() throws Exception {
    installRouteCrd();

    JsonNode index = get("/openapi/v3", "application/json");
    String url = index.path("paths").path("apis/portico.dev/v1alpha1").path("serverRelativeURL").asString();
    assertThat(url).startsWith("/openapi/v3/apis/portico.dev/v1alpha1?hash=");
    assertThat(index.path("paths").has("api/v1")).isTrue();

    JsonNode document = get(url, "application/json");
    JsonNode patch = document.path("paths")
        .path("/apis/portico.dev/v1alpha1/namespaces/{namespace}/gatewayroutes/{name}").path("patch");
    assertThat(patch.path("x-kubernetes-group-version-kind").path("kind").asString()).isEqualTo("GatewayRoute");
    assertThat(patch.path("parameters").toString()).contains("\"name\":\"fieldValidation\"", "\"in\":\"query\"");
    JsonNode schema = document.path("components").path("schemas").path("dev.portico.v1alpha1.GatewayRoute");
    assertThat(schema.path("x-kubernetes-group-version-kind").toString()).contains("GatewayRoute");
    assertThat(schema.path("properties").path("spec").path("properties").path("rules").path("description")
        .asString()).isNotBlank();
  }

  @Test
  void listAsTableEvaluatesPrinterColumnsWithJsonPathFilters() throws Exception {
    installRouteCrd();
    String route = """
        {"apiVersion":"portico.dev/v1alpha1","kind":"GatewayRoute","metadata":{"name":"tabled","namespace":"default"},
         "spec":{"hosts":["a.example"],"rules":[{"backends":[{"service":"s","port":80}]}]}}""";
    assertThat(send("POST", "/apis/portico.dev/v1alpha1/namespaces/default/gatewayroutes", "application/json", route)
        .statusCode()).isEqualTo(201);
    String status = """
        {"status":{"conditions":[{"type":"Accepted","status":"True","reason":"Accepted","message":"",
         "lastTransitionTime":"2026-01-01T00:00:00Z"},{"type":"Programmed","status":"False","reason":"Pending",
         "message":"","lastTransitionTime":"2026-01-01T00:00:00Z"}],"dataPlanes":{"summary":"0/1"}}}""";
    assertThat(send("PATCH", "/apis/portico.dev/v1alpha1/namespaces/default/gatewayroutes/tabled/status",
        "application/merge-patch+json", status).statusCode()).isEqualTo(200);

    JsonNode table = get("/apis/portico.dev/v1alpha1/namespaces/default/gatewayroutes", TABLE_ACCEPT);

    assertThat(table.path("kind").asString()).isEqualTo("Table");
    assertThat(table.path("apiVersion").asString()).isEqualTo("meta.k8s.io/v1");
    List<String> columns = new ArrayList<>();
    table.path("columnDefinitions").forEach(c -> columns.add(c.path("name").asString()));
    assertThat(columns).startsWith("Name").contains("HOSTS", "ACCEPTED", "PROGRAMMED", "DATAPLANES", "AGE");
    JsonNode row = table.path("rows").get(0);
    assertThat(row.path("cells").get(0).asString()).isEqualTo("tabled");
    assertThat(row.path("cells").get(columns.indexOf("ACCEPTED")).asString()).isEqualTo("True");
    assertThat(row.path("cells").get(columns.indexOf("PROGRAMMED")).asString()).isEqualTo("False");
    assertThat(row.path("cells").get(columns.indexOf("HOSTS")).asString()).isEqualTo("[\"a.example\"]");
    assertThat(row.path("cells").get(columns.indexOf("AGE")).asString()).matches("\\d+s");
    assertThat(row.path("object").path("kind").asString()).isEqualTo("PartialObjectMetadata");
    assertThat(row.path("object").path("metadata").path("name").asString()).isEqualTo("tabled");
  }

  @Test
  void watchWithTableAcceptSendsOneRowTablePerEvent() throws Exception {
    String list = "/api/v1/namespaces/default/configmaps";
    String rv = get(list, "application/json").path("metadata").path("resourceVersion").asString();
    HttpRequest watch = HttpRequest.newBuilder(URI.create(api.url() + list + "?watch=true&resourceVersion=" + rv))
        .header("Accept", TABLE_ACCEPT).build();
    HttpResponse<InputStream> response = http.send(watch, HttpResponse.BodyHandlers.ofInputStream());
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
        try {
          return lines.readLine();
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      });
      assertThat(send("POST", list, "application/json",
          "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"watched\"},\"data\":{\"a\":\"b\"}}")
          .statusCode()).isEqualTo(201);

      JsonNode event = Json.parse(first.get(10, TimeUnit.SECONDS));

      assertThat(event.path("type").asString()).isEqualTo("ADDED");
      assertThat(event.path("object").path("kind").asString()).isEqualTo("Table");
      assertThat(event.path("object").path("rows")).hasSize(1);
      assertThat(event.path("object").path("rows").get(0).path("cells").get(0).asString()).isEqualTo("watched");
    }
  }

  @Test
  void eventsAreFilteredByInvolvedObjectFieldSelectors() throws Exception {
    for (String name : List.of("a", "b")) {
      send("POST", "/api/v1/namespaces/default/events", "application/json", """
          {"apiVersion":"v1","kind":"Event","metadata":{"name":"ev-%1$s"},"reason":"Test","message":"about %1$s",
           "involvedObject":{"kind":"GatewayRoute","name":"%1$s","namespace":"default","uid":"uid-%1$s"}}"""
          .formatted(name));
    }

    JsonNode events = get("/api/v1/namespaces/default/events?fieldSelector="
        + "involvedObject.name%3Da,involvedObject.namespace%3Ddefault,involvedObject.kind%3DGatewayRoute,"
        + "involvedObject.uid%3Duid-a", "application/json");

    assertThat(events.path("items")).hasSize(1);
    assertThat(events.path("items").get(0).path("message").asString()).isEqualTo("about a");
  }

  private static JsonNode find(JsonNode resources, String name) {
    for (JsonNode resource : resources) {
      if (resource.path("name").asString().equals(name)) {
        return resource;
      }
    }
    throw new AssertionError("no resource " + name + " in " + resources);
  }
}
