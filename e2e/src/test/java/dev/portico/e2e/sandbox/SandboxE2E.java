package dev.portico.e2e.sandbox;

import dev.portico.e2e.support.FreePorts;
import dev.portico.e2e.support.Http;
import dev.portico.e2e.support.KubectlSession;
import dev.portico.operator.OperatorOptions;
import dev.portico.operator.PorticoOperator;
import dev.portico.operator.stream.BearerToken;
import dev.portico.sandbox.Sandbox;
import dev.portico.sandbox.SandboxOptions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The README's quickstart, as a new user would try it: the sandbox, real kubectl, real HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxE2E {

    @TempDir
    static Path dir;

    private Sandbox sandbox;
    private KubectlSession kubectl;
    private String gateway;

    @BeforeAll
    void startSandbox() throws Exception {
        SandboxOptions options = new SandboxOptions(FreePorts.next(), FreePorts.next(), FreePorts.next(),
                dir.resolve("portico"), 1, true, true, true, 0, null, FreePorts.next(), "127.0.0.1", false);
        sandbox = Sandbox.start(options);
        assertThat(sandbox.awaitReady(Duration.ofSeconds(60))).as("sandbox ready").isTrue();
        kubectl = new KubectlSession(sandbox.kubeconfig(), dir.resolve("kube-cache"));
        gateway = "http://127.0.0.1:" + sandbox.gatewayPorts().get(0);
    }

    @AfterAll
    void stopSandbox() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void demoRoutesShowAcceptedAndProgrammedInKubectl() {
        String table = kubectl.run("get", "gatewayroutes", "-A").assertSuccess().out();

        assertThat(table.lines().findFirst().orElseThrow())
                .matches("NAMESPACE\\s+NAME\\s+HOSTS\\s+ACCEPTED\\s+PROGRAMMED\\s+DATAPLANES\\s+AGE\\s*");
        assertThat(table).containsPattern("shop\\s+shop\\s+True\\s+True\\s+1/1")
                .containsPattern("shop\\s+payments\\s+True\\s+True\\s+1/1");
    }

    /**
     * The demo is installed with the annotation kubectl apply leaves, so applying its folder again merges quietly: it
     * warned once per object that the annotation was missing.
     */
    @Test
    void applyingTheDemoFolderAgainIsQuiet() {
        Path shop = Path.of(System.getProperty("portico.root", ".."), "examples", "shop");
        KubectlSession.Result again = kubectl.run("apply", "-f", shop.toString()).assertSuccess();

        assertThat(again.err()).isEmpty();
        assertThat(again.out().lines()).hasSize(9);
    }

    @Test
    void eachDemoServiceAnswersThroughTheGateway() {
        HttpResponse<String> user = Http.get(gateway + "/api/users/123");
        assertThat(user.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(user.body()).getString("id")).isEqualTo("123");
        assertThat(user.headers().firstValue("X-Instance")).hasValueSatisfying(i -> assertThat(i).startsWith("user-service-"));

        HttpResponse<String> order = Http.send("POST", gateway + "/api/orders", "{\"item\":\"p-1\"}",
                Map.of("Content-Type", "application/json"));
        assertThat(order.statusCode()).isEqualTo(201);
        assertThat(new JsonObject(order.body()).getString("status")).isEqualTo("placed");

        HttpResponse<String> products = Http.get(gateway + "/api/products");
        assertThat(products.statusCode()).isEqualTo(200);
        assertThat(products.body()).contains("Espresso machine");
    }

    @Test
    void theGatewayAnswersOverHttpsWithHttp2ChosenByAlpn() throws Exception {
        // the banner's advice: trust the sandbox's own certificate, not every certificate
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream pem = Files.newInputStream(dir.resolve("portico").resolve("tls.crt"))) {
            trusted.setCertificateEntry("sandbox", CertificateFactory.getInstance("X.509").generateCertificate(pem));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        HttpClient client = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_2).build();

        HttpResponse<String> user = client.send(HttpRequest.newBuilder(URI.create("https://localhost:"
                + sandbox.httpsPorts().get(0) + "/api/users/123")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(user.statusCode()).isEqualTo(200);
        assertThat(user.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(new JsonObject(user.body()).getString("id")).isEqualTo("123");
    }

    @Test
    void eachRequestIsALineInTheDataPlanesAccessLog() throws Exception {
        HttpResponse<String> products = Http.get(gateway + "/api/products");
        assertThat(products.statusCode()).isEqualTo(200);
        String id = products.headers().firstValue("x-request-id").orElseThrow();
        Path accessLog;
        try (var files = Files.list(dir.resolve("portico"))) {
            accessLog = files.filter(f -> f.getFileName().toString().endsWith("-access.log")).findFirst().orElseThrow();
        }
        JsonObject line = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.readAllLines(accessLog).stream().map(JsonObject::new)
                        .filter(l -> id.equals(l.getString("requestId"))).findFirst().orElse(null), l -> l != null);
        assertThat(line.getString("path")).isEqualTo("/api/products");
        assertThat(line.getInteger("status")).isEqualTo(200);
        assertThat(line.getString("route")).startsWith("shop/");
        assertThat(line.getString("upstream")).startsWith("127.0.0.1:");
    }

    @Test
    void paymentsNeedTheApiKey() {
        HttpResponse<String> anonymous = Http.send("POST", gateway + "/api/payments", "{}", Map.of());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(new JsonObject(anonymous.body()).getString("error")).isNotBlank();

        HttpResponse<String> paid = Http.send("POST", gateway + "/api/payments", "{\"amount\":10}",
                Map.of("X-Api-Key", "demo-key-123"));
        assertThat(paid.statusCode()).isEqualTo(201);
        assertThat(new JsonObject(paid.body()).getString("client")).isEqualTo("demo-client");
    }

    @Test
    void dashboardAggregatesUserOrdersAndProducts() {
        HttpResponse<String> dashboard = Http.get(gateway + "/api/dashboard/42");

        assertThat(dashboard.statusCode()).isEqualTo(200);
        JsonObject body = new JsonObject(dashboard.body());
        assertThat(body.getJsonObject("user").getString("id")).isEqualTo("42");
        assertThat(body.getJsonArray("orders")).isNotEmpty();
        assertThat(body.getJsonArray("recommended")).hasSize(3);
    }

    @Test
    void productsCarryRateLimitHeaders() {
        HttpResponse<String> products = Http.get(gateway + "/api/products");

        assertThat(products.headers().firstValue("RateLimit-Limit")).isPresent();
        assertThat(products.headers().firstValue("RateLimit-Remaining")).isPresent();
    }

    @Test
    void aServiceSelectingDemoReplicasGetsTheirEndpointSlicesUntilItIsDeleted() {
        kubectl.apply("""
                apiVersion: v1
                kind: Service
                metadata: {name: orders-again, namespace: default}
                spec:
                  selector: {app: order-service}
                  ports: [{name: web, port: 80, targetPort: http}]
                """);
        String[] slices = {"get", "endpointslices", "-n", "default", "-l", "kubernetes.io/service-name=orders-again",
                "-o", "jsonpath={range .items[*]}{.metadata.name}:{.ports[0].name} {end}"};

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                kubectl.run(slices).assertSuccess().out().trim().split(" "))
                .containsExactlyInAnyOrder("orders-again-1:web", "orders-again-2:web"));

        kubectl.run("delete", "service", "orders-again", "-n", "default").assertSuccess();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(kubectl.run(slices).assertSuccess().out()).isBlank());
    }

    @Test
    void invalidManifestIsRefusedByKubectlNamingTheField() {
        KubectlSession.Result refused = kubectl.runWithInput("""
                apiVersion: portico.dev/v1alpha1
                kind: GatewayRoute
                metadata: {name: bad-weight, namespace: default}
                spec:
                  rules:
                  - backends: [{service: user-service, port: 8080, weight: -1}]
                """, "apply", "-f", "-");

        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("spec.rules[0].backends[0].weight");
        assertThat(kubectl.run("get", "gr", "bad-weight", "-n", "default").exitCode()).isNotZero();
    }

    @Test
    void routeToMissingServiceShowsResolvedRefsFalse() {
        kubectl.apply("""
                apiVersion: portico.dev/v1alpha1
                kind: GatewayRoute
                metadata: {name: ghost, namespace: shop}
                spec:
                  rules:
                  - matches: [{path: {type: PathPrefix, value: /ghost}}]
                    backends: [{service: ghost-service, port: 8080}]
                """);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                kubectl.run("get", "gr", "ghost", "-n", "shop", "-o", "yaml").assertSuccess().out())
                .containsPattern("reason: BackendNotFound")
                .contains("ghost-service"));
        assertThat(Http.get(gateway + "/ghost").statusCode()).isEqualTo(500);
        kubectl.run("delete", "gr", "ghost", "-n", "shop").assertSuccess();
    }

    @Test
    void anOperatorStartedByHandAgainstTheSandboxStandsByAndLeavesStatusAlone() throws Exception {
        // what `./portico operator --kubeconfig .portico/kubeconfig --token-file ...` does by default
        OperatorOptions byHand = OperatorOptions.loopback(BearerToken.fromFile(sandbox.tokenFile()))
                .withLeaderElection(true, null);
        try (KubernetesClient client = sandbox.api().client();
                PorticoOperator second = PorticoOperator.start(client, byHand)) {
            assertThat(second.awaitLeading(Duration.ofSeconds(5))).as("the sandbox's operator holds the Lease")
                    .isFalse();
            assertThat(second.streamPort()).isNegative();
            assertThat(kubectl.run("get", "lease", "-n", "portico-system").assertSuccess().out())
                    .contains("portico-operator");
            assertThat(kubectl.run("get", "gatewayroutes", "-A").assertSuccess().out())
                    .containsPattern("shop\\s+shop\\s+True\\s+True\\s+1/1")
                    .containsPattern("shop\\s+payments\\s+True\\s+True\\s+1/1");
        }
    }

    @Test
    void deletedRouteAnswers404WithinASecond() {
        kubectl.apply("""
                apiVersion: portico.dev/v1alpha1
                kind: GatewayRoute
                metadata: {name: short-lived, namespace: shop}
                spec:
                  rules:
                  - matches: [{path: {type: Exact, value: /short-lived/users/7}}]
                    backends: [{service: user-service, port: 8080}]
                    rewrite: {path: {type: ReplaceFullPath, value: /users/7}}
                """);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Http.get(gateway + "/short-lived/users/7").statusCode() == 200);

        kubectl.run("delete", "gr", "short-lived", "-n", "shop").assertSuccess();

        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                .until(() -> Http.get(gateway + "/short-lived/users/7").statusCode() == 404);
    }

    @Test
    void ownLocalBackendReceivesGatewayTraffic() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            HttpServer mine = vertx.createHttpServer()
                    .requestHandler(r -> r.response().putHeader("Content-Type", "text/plain")
                            .end("hello from my backend, path " + r.path()))
                    .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            kubectl.apply("""
                    apiVersion: v1
                    kind: Service
                    metadata: {name: my-backend, namespace: default}
                    spec:
                      ports: [{name: http, port: 80, targetPort: %1$d}]
                    ---
                    apiVersion: discovery.k8s.io/v1
                    kind: EndpointSlice
                    metadata:
                      name: my-backend-local
                      namespace: default
                      labels: {kubernetes.io/service-name: my-backend}
                    addressType: IPv4
                    ports: [{name: http, port: %1$d, protocol: TCP}]
                    endpoints: [{addresses: ["127.0.0.1"], conditions: {ready: true}}]
                    ---
                    apiVersion: portico.dev/v1alpha1
                    kind: GatewayRoute
                    metadata: {name: mine, namespace: default}
                    spec:
                      rules:
                      - matches: [{path: {type: PathPrefix, value: /mine}}]
                        backends: [{service: my-backend, port: 80}]
                    """.formatted(mine.actualPort()));

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                HttpResponse<String> response = Http.get(gateway + "/mine/hello");
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("hello from my backend, path /mine/hello");
            });
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }
}
