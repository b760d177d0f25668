package dev.portico.dataplane.proxy;

import static dev.portico.dataplane.Snapshots.cluster;
import static dev.portico.dataplane.Snapshots.match;
import static dev.portico.dataplane.Snapshots.route;
import static dev.portico.dataplane.Snapshots.ruleBuilder;
import static dev.portico.dataplane.Snapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.dataplane.GatewayFixture;
import dev.portico.dataplane.TestBackend;
import dev.portico.snapshot.Aggregate;
import dev.portico.snapshot.Cluster;
import dev.portico.snapshot.HeaderModifier;
import dev.portico.snapshot.PathMatch;
import dev.portico.snapshot.Rewrite;
import dev.portico.snapshot.ValueMatch;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProxyTest {
    private static GatewayFixture gw;
    private static TestBackend users;
    private static TestBackend orders;
    private static TestBackend slow;
    private static TestBackend resetting;
    private static TestBackend truncating;
    private static TestBackend stalling;

    @BeforeAll
    static void start() {
        gw = new GatewayFixture();
        users = gw.own(TestBackend.echo(gw.vertx, "users"));
        orders = gw.own(TestBackend.echo(gw.vertx, "orders"));
        slow = gw.own(TestBackend.start(gw.vertx, "slow",
                req -> gw.vertx.setTimer(2_000, t -> req.response().end("late"))));
        resetting = gw.own(TestBackend.start(gw.vertx, "resetting", req -> req.connection().close()));
        // declare 100 bytes, send 10: cut short (closed) or stalled (left open)
        truncating = gw.own(TestBackend.start(gw.vertx, "truncating", req -> req.response()
                .putHeader("content-length", "100").write("0123456789").onComplete(w -> req.connection().close())));
        stalling = gw.own(TestBackend.start(gw.vertx, "stalling", req -> req.response()
                .putHeader("content-length", "100").write("0123456789")));
        String t = "2024-01-01T00:00:00Z";
        gw.apply(snapshot(1, List.of(
                route("shop", "main", t, List.of("api.shop.example", "*.shop.example"),
                        ruleBuilder("users").index(0).matches(match(PathMatch.Type.PathPrefix, "/api/users"))
                                .backend("users", 1)
                                .rewrite(new Rewrite(new Rewrite.PathRewrite(
                                        Rewrite.PathRewrite.Type.ReplacePrefixMatch, "/users"), "users.internal"))
                                .requestHeaders(new HeaderModifier(List.of(new HeaderModifier.Header("X-Env", "prod")),
                                        List.of(), List.of("X-Debug")))
                                .responseHeaders(new HeaderModifier(List.of(), List.of(
                                        new HeaderModifier.Header("X-Served-By", "portico")), List.of("X-Backend")))
                                .build(),
                        ruleBuilder("order").index(1).matches(match(PathMatch.Type.Template, "/api/orders/{id}"))
                                .backend("orders", 1)
                                .rewrite(new Rewrite(new Rewrite.PathRewrite(
                                        Rewrite.PathRewrite.Type.ReplaceFullPath, "/orders/{id}/detail"), null))
                                .build(),
                        ruleBuilder("v2").index(2).matches(match(PathMatch.Type.PathPrefix, "/api", "GET",
                                List.of(new ValueMatch("X-Version", ValueMatch.Type.Exact, "2")), List.of()))
                                .backend("orders", 1).build(),
                        ruleBuilder("small").index(3).matches(match(PathMatch.Type.Exact, "/upload/small"))
                                .backend("users", 1).maxBody(1024).build(),
                        ruleBuilder("dash").index(4).matches(match(PathMatch.Type.Template, "/api/dashboard/{u}"))
                                .aggregate(new Aggregate(0, List.of(new Aggregate.Backend("u", "users", "/users/{u}",
                                        true, 0)))).build()),
                route("shop", "edge", t, List.of(),
                        ruleBuilder("missing").index(0).matches(match(PathMatch.Type.PathPrefix, "/missing"))
                                .backend("ghost", 1).build(),
                        ruleBuilder("empty").index(1).matches(match(PathMatch.Type.PathPrefix, "/empty"))
                                .backend("empty", 1).build(),
                        ruleBuilder("slow").index(2).matches(match(PathMatch.Type.PathPrefix, "/slow"))
                                .backend("slow", 1).timeoutMs(300).build(),
                        ruleBuilder("reset").index(3).matches(match(PathMatch.Type.PathPrefix, "/reset"))
                                .backend("resetting", 1).build(),
                        ruleBuilder("refused").index(4).matches(match(PathMatch.Type.PathPrefix, "/refused"))
                                .backend("refused", 1).build(),
                        ruleBuilder("ws").index(5).matches(match(PathMatch.Type.PathPrefix, "/ws"))
                                .backend("users", 1).build(),
                        ruleBuilder("stream").index(6).matches(match(PathMatch.Type.PathPrefix, "/stream"))
                                .backend("users", 1).build(),
                        ruleBuilder("truncated").index(7).matches(match(PathMatch.Type.PathPrefix, "/truncated"))
                                .backend("truncating", 1).build(),
                        ruleBuilder("stalled").index(8).matches(match(PathMatch.Type.PathPrefix, "/stalled"))
                                .backend("stalling", 1).timeoutMs(300).build(),
                        ruleBuilder("no-port").index(9).matches(match(PathMatch.Type.PathPrefix, "/no-port"))
                                .backend("no-port", 1).build())),
                List.of(cluster("users", users.port()), cluster("orders", orders.port()),
                        cluster("slow", slow.port()), cluster("resetting", resetting.port()),
                        cluster("refused", 1), cluster("empty"), cluster("truncating", truncating.port()),
                        cluster("stalling", stalling.port()),
                        new Cluster("ghost", "shop", "ghost", 80, false, List.of()),
                        new Cluster("no-port", "shop", "users", 9999, false, List.of(),
                                "service shop/users has no port 9999"))));
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    private static JsonObject json(GatewayFixture.Response r) {
        return new JsonObject(r.body());
    }

    @Test
    void proxiesWithPrefixRewriteHostRewriteAndHeaderModifiers() {
        GatewayFixture.Response r = gw.get("/api/users/42?x=1", "Host", "api.shop.example", "X-Debug", "1");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject body = json(r);
        assertThat(body.getString("backend")).isEqualTo("users");
        assertThat(body.getString("uri")).isEqualTo("/users/42?x=1");
        JsonObject h = body.getJsonObject("headers");
        assertThat(h.getString("host")).isEqualTo("users.internal");
        assertThat(h.getString("x-env")).isEqualTo("prod");
        assertThat(h.containsKey("x-debug")).isFalse();
        assertThat(r.header("x-served-by")).isEqualTo("portico");
        assertThat(r.header("x-backend")).isNull();
        assertThat(r.header("x-request-id")).isNotBlank();
        assertThat(h.getString("x-request-id")).isEqualTo(r.header("x-request-id"));
    }

    @Test
    void templateCapturesFeedFullPathRewriteOnWildcardHost() {
        GatewayFixture.Response r = gw.get("/api/orders/7", "Host", "eu.shop.example");
        assertThat(json(r).getString("backend")).isEqualTo("orders");
        assertThat(json(r).getString("uri")).isEqualTo("/orders/7/detail");
    }

    @Test
    void headerMatchSelectsItsRuleOverTheSocket() {
        assertThat(json(gw.get("/api/other", "Host", "api.shop.example", "X-Version", "2")).getString("backend"))
                .isEqualTo("orders");
        assertThat(gw.get("/api/other", "Host", "api.shop.example").statusCode()).isEqualTo(404);
    }

    @Test
    void forwardedHeadersAreAppendedAndConnectionListedHeadersRemoved() {
        GatewayFixture.Response r = gw.get("/stream/x", "X-Forwarded-For", "203.0.113.9", "X-Secret", "s",
                "Portico-User", "forged");
        JsonObject h = json(r).getJsonObject("headers");
        assertThat(h.getString("x-forwarded-for")).isEqualTo("203.0.113.9, 127.0.0.1");
        assertThat(h.getString("x-forwarded-proto")).isEqualTo("http");
        assertThat(h.getString("x-forwarded-host")).isEqualTo("127.0.0.1");
        assertThat(h.containsKey("portico-user")).isFalse();
    }

    @Test
    void noRouteIsJson404WithRequestId() {
        GatewayFixture.Response r = gw.get("/nothing/here", "Host", "unknown.example");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r).getString("error")).isEqualTo("route_not_found");
        assertThat(json(r).getString("requestId")).isEqualTo(r.header("x-request-id"));
    }

    @Test
    void missingServiceIs500AndNoEndpointsIs503() {
        GatewayFixture.Response missing = gw.get("/missing");
        assertThat(missing.statusCode()).isEqualTo(500);
        assertThat(json(missing).getString("error")).isEqualTo("backend_not_found");
        assertThat(json(missing).getString("message")).isEqualTo("service shop/ghost does not exist");
        GatewayFixture.Response noPort = gw.get("/no-port");
        assertThat(noPort.statusCode()).isEqualTo(500);
        assertThat(json(noPort).getString("message")).as("the Service exists; its port does not")
                .isEqualTo("service shop/users has no port 9999");
        GatewayFixture.Response empty = gw.get("/empty");
        assertThat(empty.statusCode()).isEqualTo(503);
        assertThat(json(empty).getString("error")).isEqualTo("no_healthy_upstream");
    }

    @Test
    void upstreamTimeoutRefusalAndResetMapTo504And503And502() {
        GatewayFixture.Response timeout = gw.get("/slow");
        assertThat(timeout.statusCode()).isEqualTo(504);
        assertThat(json(timeout).getString("error")).isEqualTo("upstream_timeout");
        GatewayFixture.Response refused = gw.get("/refused");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(json(refused).getString("error")).isEqualTo("upstream_connect_failure");
        GatewayFixture.Response reset = gw.get("/reset");
        assertThat(reset.statusCode()).isEqualTo(502);
        assertThat(json(reset).getString("error")).isEqualTo("upstream_reset");
        assertThat(reset.body()).doesNotContain("Exception");
        assertThat(json(refused).getString("message")).isEqualTo("could not connect to an endpoint of refused");
        assertThat(json(reset).getString("message")).isEqualTo("connection reset by an endpoint of resetting");
        for (GatewayFixture.Response r : List.of(timeout, refused, reset)) {
            assertThat(r.body()).as("names the backend, never an endpoint's address").doesNotContain("127.0.0.1");
        }
    }

    @Test
    void smallBodyCutShortByTheUpstreamIs502WithNothingOfItForwarded() {
        GatewayFixture.Response r = gw.get("/truncated");
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(json(r).getString("error")).isEqualTo("upstream_reset");
        assertThat(r.body()).doesNotContain("0123456789");
    }

    @Test
    void smallBodyStalledPastTheRuleTimeoutIs504() {
        GatewayFixture.Response r = gw.get("/stalled");
        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(json(r).getString("error")).isEqualTo("upstream_timeout");
        assertThat(r.header("x-request-id")).isEqualTo(json(r).getString("requestId"));
    }

    @Test
    void bodyOverTheRuleLimitIs413() {
        GatewayFixture.Response r = gw.send(HttpMethod.POST, "/upload/small", Buffer.buffer("x".repeat(5000)),
                "Host", "api.shop.example");
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json(r).getString("error")).isEqualTo("payload_too_large");
    }

    @Test
    void largeBodiesStreamBothWays() {
        byte[] big = new byte[3 * 1024 * 1024];
        GatewayFixture.Response r = gw.send(HttpMethod.POST, "/stream/upload", Buffer.buffer(big));
        assertThat(json(r).getInteger("bodyLength")).isEqualTo(big.length);
    }

    @Test
    void aggregateRulesAnswer501UntilAggregationIsPluggedIn() {
        GatewayFixture.Response r = gw.get("/api/dashboard/1", "Host", "api.shop.example");
        assertThat(r.statusCode()).isEqualTo(501);
        assertThat(json(r).getString("error")).isEqualTo("not_implemented");
    }

    @Test
    void h2cClientsAreServed() throws Exception {
        var client = gw.vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
        try {
            var resp = client.request(new RequestOptions().setHost("127.0.0.1").setPort(gw.port())
                    .setURI("/stream/h2").setMethod(HttpMethod.GET))
                    .compose(req -> req.send().compose(res -> res.body().map(b -> res.version() + " " + b)))
                    .await(10, TimeUnit.SECONDS);
            assertThat(resp).startsWith("HTTP_2 ").contains("\"backend\":\"users\"");
        } finally {
            client.close();
        }
    }

    @Test
    void anH2cClientResettingItsStreamMidBodyLogsNothingAboveFine() throws Exception {
        var client = gw.vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
        try (dev.portico.dataplane.LogCapture logs = dev.portico.dataplane.LogCapture.start()) {
            int before = users.hits();
            var req = client.request(new RequestOptions().setHost("127.0.0.1").setPort(gw.port())
                    .setURI("/stream/h2").setMethod(HttpMethod.POST)).await(10, TimeUnit.SECONDS);
            req.exceptionHandler(e -> { }); // the test client's own reset: not the gateway's log
            req.setChunked(true);
            req.write("part of a body").await(10, TimeUnit.SECONDS);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> users.hits() > before); // the gateway is streaming it upstream
            req.reset().await(10, TimeUnit.SECONDS);
            Thread.sleep(500); // both resets (the client's, then the gateway's upstream one) are reported by now
            assertThat(logs.records()).as("a client's reset is no server fault")
                    .extracting(r -> r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage())
                    .noneMatch(l -> l.startsWith("SEVERE") || l.startsWith("WARNING"));
            assertThat(logs.records()).noneMatch(r -> r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue());
        } finally {
            client.close();
        }
    }

    @Test
    void webSocketUpgradesPassThroughAsATunnel() throws Exception {
        java.util.concurrent.CompletableFuture<String> reply = new java.util.concurrent.CompletableFuture<>();
        java.net.http.WebSocket ws = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(java.net.URI.create("ws://127.0.0.1:" + gw.port() + "/ws/chat"),
                        new java.net.http.WebSocket.Listener() {
                            @Override
                            public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket w,
                                    CharSequence data, boolean last) {
                                reply.complete(data.toString());
                                return null;
                            }
                        }).get(10, TimeUnit.SECONDS);
        try {
            ws.sendText("hello", true);
            assertThat(reply.get(10, TimeUnit.SECONDS)).isEqualTo("users:hello");
        } finally {
            ws.abort();
        }
    }

    @Test
    void chunkedRequestBodyIsStreamedUpstream() throws Exception {
        var client = gw.vertx.createHttpClient();
        try {
            String body = client.request(new RequestOptions().setHost("127.0.0.1").setPort(gw.port())
                    .setURI("/stream/chunked").setMethod(HttpMethod.POST)).compose(req -> {
                        req.exceptionHandler(e -> { }); // the test client's own reset: not the gateway's log
            req.setChunked(true);
                        req.write(Buffer.buffer("a".repeat(1000)));
                        return req.send(Buffer.buffer("b".repeat(1000))).compose(res -> res.body());
                    }).await(10, TimeUnit.SECONDS).toString();
            assertThat(body).contains("\"bodyLength\":2000");
        } finally {
            client.close();
        }
    }
}
