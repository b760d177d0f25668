package dev.portico.e2e.sandbox;

import dev.portico.e2e.support.FreePorts;
import dev.portico.e2e.support.Http;
import dev.portico.e2e.support.KubectlSession;
import dev.portico.e2e.support.RedisProcess;
import dev.portico.sandbox.Sandbox;
import dev.portico.sandbox.SandboxOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every file of {@code examples/features}, applied with kubectl to a sandbox of two data planes sharing a real
 * Redis (as global-rate-limit.yaml's comment says to start it), and called the way its comment says.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeatureExamplesE2E {
    private static final Path EXAMPLES = Path.of(System.getProperty("portico.root", ".."), "examples", "features");

    @TempDir
    static Path dir;

    private RedisProcess redis;
    private Sandbox sandbox;
    private KubectlSession kubectl;
    private List<String> gateways;

    @BeforeAll
    void startSandboxAndApplyTheExamples() throws Exception {
        redis = RedisProcess.start(dir.resolve("redis"));
        sandbox = Sandbox.start(new SandboxOptions(FreePorts.run(2), FreePorts.next(), FreePorts.run(2),
                dir.resolve("portico"), 2, true, true, true, 0, redis.url(), 0, "127.0.0.1", false));
        assertThat(sandbox.awaitReady(Duration.ofSeconds(60))).as("sandbox ready").isTrue();
        gateways = sandbox.gatewayPorts().stream().map(port -> "http://127.0.0.1:" + port).toList();
        kubectl = new KubectlSession(sandbox.kubeconfig(), dir.resolve("kube-cache"));

        kubectl.run("apply", "-f", EXAMPLES.toString()).assertSuccess();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(kubectl.run("get", "gr,rlp", "-n", "shop",
                "-o", "jsonpath={range .items[*]}{.metadata.name}={.status.conditions[?(@.type==\"Programmed\")].status}"
                        + "/{.status.conditions[?(@.type==\"ResolvedRefs\")].status} {end}")
                .assertSuccess().out().trim().split(" "))
                .contains("jwt-protected=True/True", "overview=True/True", "rewrites=True/True",
                        "users-canary=True/True", "per-api-client=True/True", "spa=True/True",
                        "my-process=True/True"));
    }

    @AfterAll
    void stop() throws Exception {
        if (sandbox != null) {
            sandbox.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aggregateAnswersWithUserOrdersAndRecommendations() {
        HttpResponse<String> overview = get(gateways.get(0), "/overview/42", "aggregate.example.test", Map.of());

        assertThat(overview.statusCode()).isEqualTo(200);
        JsonObject body = new JsonObject(overview.body());
        assertThat(body.getJsonObject("user").getString("id")).isEqualTo("42");
        assertThat(body.getJsonArray("orders")).isNotEmpty();
        assertThat(body.getJsonArray("recommended")).hasSize(3);
    }

    @Test
    void canarySendsAboutOneRequestInTenToV2() {
        Map<String, Integer> versions = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            HttpResponse<String> user = get(gateways.get(0), "/api/users/7", "canary.example.test", Map.of());
            assertThat(user.statusCode()).isEqualTo(200);
            versions.merge(new JsonObject(user.body()).getString("version"), 1, Integer::sum);
        }

        assertThat(versions.keySet()).containsExactlyInAnyOrder("v1", "v2");
        assertThat(versions.get("v2")).as("v2's share of 200 at weight 10 of 100: %s", versions).isBetween(8, 40);
    }

    @Test
    void rewriteStripsThePrefixAndEditsResponseHeaders() {
        HttpResponse<String> catalogue = get(gateways.get(0), "/v1/catalogue", "rewrites.example.test", Map.of());

        assertThat(catalogue.statusCode()).isEqualTo(200);
        assertThat(catalogue.body()).contains("Espresso machine");
        assertThat(catalogue.headers().firstValue("Cache-Control")).hasValue("max-age=60");
        assertThat(catalogue.headers().firstValue("Server")).isEmpty();
    }

    @Test
    void jwtRouteWantsTheTokenAndPassesItsSubjectUpstream() throws IOException {
        assertThat(get(gateways.get(0), "/me", "jwt.example.test", Map.of()).statusCode()).isEqualTo(401);

        HttpResponse<String> me = get(gateways.get(0), "/me", "jwt.example.test", bearer());

        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(me.body()).getString("id")).isEqualTo("ada");
    }

    @Test
    void globalLimitIsSharedByBothDataPlanes() throws IOException {
        // capacity 100 + burst 20, refilled at 100 a minute: alternating between the two data planes, the 429
        // comes after ~120 answers in all (less the other tests' requests as ada, plus a second's refill); counted
        // per data plane it would come after ~240
        int allowed = 0;
        int[] perGateway = new int[2];
        HttpResponse<String> last = null;
        for (int i = 0; i < 300; i++) {
            last = get(gateways.get(i % 2), "/me", "jwt.example.test", bearer());
            if (last.statusCode() != 200) {
                break;
            }
            allowed++;
            perGateway[i % 2]++;
        }

        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(last.headers().firstValue("Retry-After")).isPresent();
        assertThat(allowed).as("answers before the first 429").isBetween(110, 130);
        assertThat(perGateway[0]).as("answered by the first data plane").isGreaterThan(50);
        assertThat(perGateway[1]).as("answered by the second data plane").isGreaterThan(50);
    }

    @Test
    void corsPreflightIsAnsweredBeforeTheKeyCheckAndAnswersCarryTheHeaders() {
        Map<String, String> preflight = Map.of("Origin", "https://app.example.test",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "content-type, x-api-key");
        HttpResponse<String> allowed = send("OPTIONS", "/api/payments", "spa.example.test", preflight, null);

        assertThat(allowed.statusCode()).isEqualTo(204);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.test");
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Methods").orElseThrow()).contains("POST");
        assertThat(allowed.headers().firstValue("Access-Control-Max-Age")).hasValue("600");

        Map<String, String> stranger = new HashMap<>(preflight);
        stranger.put("Origin", "https://evil.example.test");
        HttpResponse<String> refused = send("OPTIONS", "/api/payments", "spa.example.test", stranger, null);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("https://evil.example.test");

        HttpResponse<String> paid = send("POST", "/api/payments", "spa.example.test",
                Map.of("Origin", "https://app.example.test", "X-Api-Key", "demo-key-123"), "{\"amount\":10}");
        assertThat(paid.statusCode()).isEqualTo(201);
        assertThat(paid.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.test");
        assertThat(paid.headers().firstValue("Access-Control-Expose-Headers")).hasValue("X-Request-Id");
    }

    /**
     * A route whose JWKS URI nobody answers says so in kubectl (both data planes named), and turns Programmed by
     * itself once the URI answers, with no request in between; then its tokens pass.
     */
    @Test
    void aJwksUriNobodyAnswersShowsInTheRoutesStatusUntilItIsServed() throws Exception {
        int port = FreePorts.next();
        String route = """
                apiVersion: portico.dev/v1alpha1
                kind: GatewayRoute
                metadata: {name: remote-keys, namespace: shop}
                spec:
                  hosts: [remote-keys.example.test]
                  auth:
                    jwt:
                      issuer: https://id.example.test
                      audiences: [example-api]
                      jwks: {uri: "http://127.0.0.1:%d/jwks.json"}
                  rules:
                  - matches: [{path: {type: PathPrefix, value: /users}}]
                    backends: [{service: user-service, port: 8080}]
                """.formatted(port);
        kubectl.apply(route);
        String programmed = "jsonpath={.status.conditions[?(@.type==\"Programmed\")].status} "
                + "{.status.conditions[?(@.type==\"Programmed\")].reason} {.status.dataPlanes.summary}";
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(kubectl.run("get", "gr",
                "remote-keys", "-n", "shop", "-o", programmed).assertSuccess().out()).isEqualTo("False JwksUnavailable 0/2"));
        assertThat(kubectl.run("get", "gr", "remote-keys", "-n", "shop", "-o",
                "jsonpath={.status.conditions[?(@.type==\"Programmed\")].message}").assertSuccess().out())
                .startsWith("auth.jwt.jwks.uri \"http://127.0.0.1:" + port + "/jwks.json\" gives no usable key to 2/2 "
                        + "data planes of gateway default, which refuse every token on this route with 401: [");

        Matcher jwks = Pattern.compile("jwks.json: '(\\{.*})'").matcher(Files.readString(EXAMPLES.resolve("jwt-auth.yaml")));
        assertThat(jwks.find()).as("jwt-auth.yaml holds a JWK Set").isTrue();
        byte[] keys = jwks.group(1).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        com.sun.net.httpserver.HttpServer keyServer = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", port), 0);
        keyServer.createContext("/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/jwk-set+json");
            exchange.sendResponseHeaders(200, keys.length);
            exchange.getResponseBody().write(keys);
            exchange.close();
        });
        keyServer.start();
        try {
            await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(kubectl.run("get", "gr",
                    "remote-keys", "-n", "shop", "-o", programmed).assertSuccess().out()).isEqualTo("True Programmed 2/2"));
            for (String gateway : gateways) {
                assertThat(get(gateway, "/users/ada", "remote-keys.example.test", bearer()).statusCode()).isEqualTo(200);
            }
        } finally {
            keyServer.stop(0);
            kubectl.run("delete", "gr", "remote-keys", "-n", "shop").assertSuccess();
        }
    }

    /** The token jwt-auth.yaml's comment gives, as a reader would copy it. */
    private static Map<String, String> bearer() throws IOException {
        Matcher token = Pattern.compile("TOKEN=(\\S+)").matcher(Files.readString(EXAMPLES.resolve("jwt-auth.yaml")));
        assertThat(token.find()).as("jwt-auth.yaml gives a TOKEN").isTrue();
        return Map.of("Authorization", "Bearer " + token.group(1));
    }

    private static HttpResponse<String> get(String gateway, String path, String host, Map<String, String> headers) {
        return send(gateway, "GET", path, host, headers, null);
    }

    private HttpResponse<String> send(String method, String path, String host, Map<String, String> headers,
            String body) {
        return send(gateways.get(0), method, path, host, headers, body);
    }

    /** As curl -H 'Host: ...' sends it: the route's host name, to a gateway on loopback. */
    private static HttpResponse<String> send(String gateway, String method, String path, String host,
            Map<String, String> headers, String body) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Host", host);
        return Http.send(method, gateway + path, body, all);
    }
}
