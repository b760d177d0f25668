package dev.portico.dataplane.accesslog;

import static dev.portico.dataplane.Snapshots.cluster;
import static dev.portico.dataplane.Snapshots.route;
import static dev.portico.dataplane.Snapshots.ruleBuilder;
import static dev.portico.dataplane.Snapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.portico.dataplane.GatewayFixture;
import dev.portico.dataplane.GatewayOptions;
import dev.portico.dataplane.TestBackend;
import dev.portico.dataplane.proxy.RawHttp;
import dev.portico.snapshot.PathMatch;
import dev.portico.snapshot.RouteMatch;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.WebSocket;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One JSON line per request, on both proxy paths, written off the event loop and never waited for. */
class AccessLogTest {
    @TempDir
    Path dir;
    private Path file;
    private AccessLog log;
    private GatewayFixture gw;
    private TestBackend shop;

    @BeforeEach
    void start() {
        file = dir.resolve("access.log");
        log = AccessLog.open(file.toString());
        gw = new GatewayFixture(GatewayOptions.defaults().withHost("127.0.0.1").withPort(0).withInstances(1)
                .withAccessLog(log));
        shop = gw.own(TestBackend.echo(gw.vertx, "shop"));
        applyOneRoute(1, "shop", "products", "/api/products", shop);
    }

    /** Snapshot {@code version}: route edge/{@code route} with one rule, by path prefix to {@code backend} alone. */
    private static int closedPort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void applyOneRoute(long version, String route, String rule, String prefix, TestBackend backend) {
        gw.apply(snapshot(version, List.of(route("edge", route, "2024-01-01T00:00:00Z", List.of(),
                ruleBuilder(rule).matches(RouteMatch.path(PathMatch.prefix(prefix))).backend(backend.name(), 1).build())),
                List.of(cluster(backend.name(), backend.port()))));
    }

    @AfterEach
    void stop() {
        gw.close();
        log.close();
    }

    private List<JsonObject> lines(int atLeast) {
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(file)
                && Files.readAllLines(file).size() >= atLeast);
        try {
            return Files.readAllLines(file).stream().map(JsonObject::new).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aProxiedRequestIsOneLineWithRouteUpstreamStatusAndItsRequestId() {
        Instant before = Instant.now().minusMillis(1);
        GatewayFixture.Response answer = gw.get("/api/products/7?apiKey=secret-123", "Host", "Shop.Example:8080");
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonObject line = lines(1).get(0);
        assertThat(line.getString("method")).isEqualTo("GET");
        assertThat(line.getString("host")).as("as sent, without the port").isEqualTo("Shop.Example");
        assertThat(line.getString("path")).as("never the query: it may carry credentials")
                .isEqualTo("/api/products/7");
        assertThat(line.getString("protocol")).isEqualTo("HTTP/1.1");
        assertThat(line.getInteger("status")).isEqualTo(200);
        assertThat(line.getString("route")).isEqualTo("edge/shop");
        assertThat(line.getString("upstream")).isEqualTo("127.0.0.1:" + shop.port());
        assertThat(line.getString("client")).isEqualTo("127.0.0.1");
        assertThat(line.getString("requestId")).isEqualTo(answer.header("x-request-id"));
        assertThat(line.getDouble("durationMs")).isGreaterThan(0.0).isLessThan(10_000.0);
        assertThat(Instant.parse(line.getString("time"))).isAfter(before).isBeforeOrEqualTo(Instant.now());
    }

    @Test
    void gatewayAnswersAndHttp2RequestsAreLoggedToo() {
        assertThat(gw.get("/nowhere").statusCode()).isEqualTo(404);
        var h2 = gw.vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
        int status = h2.request(new RequestOptions().setHost("127.0.0.1").setPort(gw.port())
                .setURI("/api/products").setMethod(HttpMethod.POST))
                .compose(req -> req.send("{}").compose(res -> res.body().map(b -> res.statusCode())))
                .await();
        h2.close();
        assertThat(status).isEqualTo(200);
        List<JsonObject> lines = lines(2);
        assertThat(lines.get(0).getInteger("status")).isEqualTo(404);
        assertThat(lines.get(0).getString("path")).isEqualTo("/nowhere");
        assertThat(lines.get(0).containsKey("route")).as("no route matched").isFalse();
        assertThat(lines.get(0).containsKey("upstream")).isFalse();
        assertThat(lines.get(0).getString("error")).as("the gateway's own answer").isEqualTo("route_not_found");
        assertThat(lines.get(1).containsKey("error")).as("the upstream's answer").isFalse();
        assertThat(lines.get(1).getString("protocol")).isEqualTo("HTTP/2");
        assertThat(lines.get(1).getString("method")).isEqualTo("POST");
        assertThat(lines.get(1).getString("route")).isEqualTo("edge/shop");
        assertThat(lines.get(1).getString("upstream")).isEqualTo("127.0.0.1:" + shop.port());
        assertThat(lines.get(1).getInteger("status")).isEqualTo(200);
    }

    /**
     * A 503 the gateway made is told from one the upstream sent by the error code of its body, on both proxy paths
     * (HTTP/1.1's forward path, HTTP/2's Vert.x path).
     */
    @Test
    void aGatewayMadeErrorNamesItsCode() throws Exception {
        int closedPort = closedPort();
        gw.apply(snapshot(2, List.of(route("edge", "gone", "2024-01-01T00:00:00Z", List.of(),
                ruleBuilder("gone").matches(RouteMatch.path(PathMatch.prefix("/gone"))).backend("gone", 1).build())),
                List.of(cluster("gone", closedPort))));
        assertThat(gw.get("/gone/http1").statusCode()).isEqualTo(503);
        var h2 = gw.vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
        int status = h2.request(new RequestOptions().setHost("127.0.0.1").setPort(gw.port()).setURI("/gone/h2"))
                .compose(req -> req.send().compose(res -> res.body().map(b -> res.statusCode())))
                .await(10, TimeUnit.SECONDS);
        h2.close();
        assertThat(status).isEqualTo(503);

        List<JsonObject> lines = lines(2);
        assertThat(lines).extracting(l -> l.getString("path")).containsExactly("/gone/http1", "/gone/h2");
        assertThat(lines).allSatisfy(l -> {
            assertThat(l.getInteger("status")).as(l.encode()).isEqualTo(503);
            assertThat(l.getString("error")).isEqualTo("upstream_connect_failure");
            assertThat(l.getString("upstream")).isEqualTo("127.0.0.1:" + closedPort);
        });
    }

    /** A client that leaves before the answer is one line with status 0, over HTTP/1.1 and over HTTP/2 alike. */
    @Test
    void aClientThatLeavesBeforeTheAnswerIsStatusZero() throws Exception {
        TestBackend silent = gw.own(TestBackend.start(gw.vertx, "silent", req -> { })); // never answers
        applyOneRoute(2, "slow", "slow", "/slow", silent);
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", gw.port())) {
            s.getOutputStream().write("GET /slow/http1 HTTP/1.1\r\nHost: shop\r\n\r\n".getBytes());
            await().atMost(Duration.ofSeconds(5)).until(() -> silent.hits() == 1);
        }
        var h2 = gw.vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
        var sent = h2.request(new RequestOptions().setHost("127.0.0.1").setPort(gw.port()).setURI("/slow/h2"))
                .compose(req -> req.send().map(res -> res.statusCode()));
        await().atMost(Duration.ofSeconds(5)).until(() -> silent.hits() == 2);
        h2.close().await(5, TimeUnit.SECONDS); // the connection goes, the stream with it
        List<JsonObject> lines = lines(2);
        assertThat(lines).extracting(l -> l.getString("path")).containsExactlyInAnyOrder("/slow/http1", "/slow/h2");
        assertThat(lines).allSatisfy(l -> {
            assertThat(l.getInteger("status")).as(l.encode()).isZero();
            assertThat(l.getString("route")).isEqualTo("edge/slow");
            assertThat(l.getString("upstream")).isEqualTo("127.0.0.1:" + silent.port());
        });
        assertThat(sent.failed()).isTrue();
        String metrics = gw.admin("/metrics").body();
        assertThat(metrics).as("nobody was answered: both are counted as abandoned, not as answered (h2 once was a 2xx)")
                .contains("portico_requests_abandoned_total{route=\"edge/slow\",rule=\"slow\"} 2.0")
                .contains("portico_requests_total{route=\"edge/slow\",rule=\"slow\",status_class=\"2xx\"} 0.0");
    }

    /**
     * An upstream head the gateway holds while its short body arrives was never sent: a client that leaves then got
     * nothing, so its line says 0 and it counts as abandoned — not the upstream's 200.
     */
    @Test
    void aClientThatLeavesWhileTheAnswerIsHeldIsStatusZero() throws Exception {
        TestBackend halting = gw.own(TestBackend.start(gw.vertx, "halting", req -> req.response()
                .putHeader("Content-Length", "100").write("the first ten")));
        applyOneRoute(2, "held", "held", "/held", halting);
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", gw.port())) {
            s.getOutputStream().write("GET /held HTTP/1.1\r\nHost: shop\r\n\r\n".getBytes());
            await().atMost(Duration.ofSeconds(5)).until(() -> halting.hits() == 1);
            s.setSoTimeout(300);
            assertThatThrownBy(() -> s.getInputStream().read()).as("the held head never reaches the client")
                    .isInstanceOf(java.net.SocketTimeoutException.class);
        } // the client leaves
        JsonObject line = lines(1).get(0);
        assertThat(line.getInteger("status")).as(line.encode()).isZero();
        assertThat(gw.admin("/metrics").body())
                .contains("portico_requests_abandoned_total{route=\"edge/held\",rule=\"held\"} 1.0")
                .contains("portico_requests_total{route=\"edge/held\",rule=\"held\",status_class=\"2xx\"} 0.0");
    }

    /** A WebSocket tunnel is one line too, written when it closes: status 101, its whole life as the duration. */
    @Test
    void aWebSocketTunnelIsOneLineWhenItCloses() throws Exception {
        applyOneRoute(2, "shop", "chat", "/ws", shop);
        CompletableFuture<String> reply = new CompletableFuture<>();
        WebSocket ws = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + gw.port() + "/ws/chat"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        reply.complete(data.toString());
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        ws.sendText("hello", true);
        assertThat(reply.get(10, TimeUnit.SECONDS)).isEqualTo("shop:hello");
        Thread.sleep(300); // the tunnel lives on: nothing is written for it yet
        assertThat(Files.exists(file) ? Files.readAllLines(file) : List.of()).isEmpty();

        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
        JsonObject line = lines(1).get(0);
        assertThat(line.getInteger("status")).isEqualTo(101);
        assertThat(line.getString("path")).isEqualTo("/ws/chat");
        assertThat(line.getString("route")).isEqualTo("edge/shop");
        assertThat(line.getString("upstream")).isEqualTo("127.0.0.1:" + shop.port());
        assertThat(line.getDouble("durationMs")).as("open for the test's 300 ms pause at least").isGreaterThan(300.0);
        Thread.sleep(300);
        assertThat(Files.readAllLines(file)).as("one line per tunnel").hasSize(1);
    }

    @Test
    void aStuckWriterCostsDroppedLinesNeverAWaitingEventLoop() throws Exception {
        CountDownLatch unblock = new CountDownLatch(1);
        OutputStream stuck = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                try {
                    unblock.await(); // a log collector that stopped reading
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
        };
        AccessLog small = new AccessLog(stuck, "test", 4, 1);
        try {
            for (int i = 0; i < 20; i++) {
                small.record(new AccessEntry("GET", "HTTP/1.1", "h", "/" + i, "127.0.0.1").ended(200, "id"));
            }
            // the queue holds four, and the writer (stuck on its first write) may have taken up to five before it
            assertThat(small.dropped()).isBetween(11L, 16L);
        } finally {
            unblock.countDown();
            small.close();
        }
    }

    /**
     * Sampled, the log keeps about the share asked for of the successful requests' lines, and every error, abandoned
     * request and tunnel.
     */
    @Test
    void aSampleKeepsItsShareOfSuccessesAndEveryOtherLine() throws Exception {
        java.io.ByteArrayOutputStream written = new java.io.ByteArrayOutputStream();
        AccessLog sampled = new AccessLog(written, "test", 65_536, 0.25);
        int[] others = {0, 101, 400, 404, 429, 500, 502, 503, 504};
        for (int i = 0; i < 10_000; i++) {
            sampled.record(new AccessEntry("GET", "HTTP/1.1", "h", "/ok", "127.0.0.1").ended(i % 2 == 0 ? 200 : 304, "id"));
        }
        for (int status : others) {
            sampled.record(new AccessEntry("GET", "HTTP/1.1", "h", "/other", "127.0.0.1").ended(status, "id"));
        }
        sampled.close();
        List<JsonObject> kept = written.toString(java.nio.charset.StandardCharsets.UTF_8).lines().map(JsonObject::new)
                .toList();
        long successes = kept.stream().filter(l -> l.getString("path").equals("/ok")).count();
        assertThat(successes).as("a quarter of 10,000, within five standard deviations (43 each)").isBetween(2_285L, 2_715L);
        assertThat(kept).filteredOn(l -> l.getString("path").equals("/other")).extracting(l -> l.getInteger("status"))
                .containsExactly(0, 101, 400, 404, 429, 500, 502, 503, 504);
        assertThat(sampled.dropped()).isZero();
        assertThatThrownBy(() -> new AccessLog(written, "test", 4, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * On the forward path a request sampled out should it succeed writes into its connection's draft entry: nothing
     * is logged when it succeeds, and a full line (route, upstream, client, request id) when it fails, with nothing
     * left over from the connection's earlier requests (a gateway-made error's code neither).
     */
    @Test
    void aSampledOutRequestOnTheForwardPathIsLoggedInFullOnlyWhenItFails() throws IOException {
        Path sampledFile = dir.resolve("sampled.log");
        AccessLog none = AccessLog.open(sampledFile.toString(), 0);
        GatewayFixture sampled = new GatewayFixture(GatewayOptions.defaults().withHost("127.0.0.1").withPort(0)
                .withInstances(1).withAccessLog(none));
        try {
            TestBackend flaky = sampled.own(TestBackend.start(sampled.vertx, "flaky",
                    req -> req.response().setStatusCode(req.path().endsWith("/fail") ? 500 : 200).end("x")));
            int closedPort = closedPort();
            sampled.apply(snapshot(1, List.of(route("edge", "shop", "2024-01-01T00:00:00Z", List.of(),
                    ruleBuilder("products").matches(RouteMatch.path(PathMatch.prefix("/api/products")))
                            .backend(flaky.name(), 1).build(),
                    ruleBuilder("gone").matches(RouteMatch.path(PathMatch.prefix("/gone"))).backend("gone", 1)
                            .build())),
                    List.of(cluster(flaky.name(), flaky.port()), cluster("gone", closedPort))));
            assertThat(sampled.get("/api/products/1").statusCode()).isEqualTo(200);
            GatewayFixture.Response first = sampled.get("/api/products/fail", "Host", "a.example");
            assertThat(sampled.get("/api/products/2", "Host", "b.example").statusCode()).isEqualTo(200);
            GatewayFixture.Response second = sampled.get("/api/products/3/fail");
            assertThat(sampled.get("/api/products/4").statusCode()).isEqualTo(200);
            GatewayFixture.Response last = sampled.get("/api/products/last/fail");
            try (java.net.Socket s = RawHttp.connect(sampled.port())) { // one connection: one draft
                RawHttp.send(s, "GET /gone HTTP/1.1\r\nHost: shop\r\n\r\n");
                assertThat(RawHttp.response(s.getInputStream(), false).status()).isEqualTo(503);
                RawHttp.send(s, "GET /api/products/after/fail HTTP/1.1\r\nHost: shop\r\n\r\n");
                assertThat(RawHttp.response(s.getInputStream(), false).status()).isEqualTo(500);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(sampledFile)
                    && Files.readAllLines(sampledFile).size() >= 5);
            List<JsonObject> all = Files.readAllLines(sampledFile).stream().map(JsonObject::new).toList();
            assertThat(all).extracting(l -> l.getString("path")).containsExactly("/api/products/fail",
                    "/api/products/3/fail", "/api/products/last/fail", "/gone", "/api/products/after/fail");
            assertThat(all.get(3).getString("error")).isEqualTo("upstream_connect_failure");
            assertThat(all.get(4).containsKey("error")).as("the draft forgot the 503's code").isFalse();
            List<JsonObject> lines = all.subList(0, 3);
            assertThat(lines).extracting(l -> l.getString("requestId"))
                    .containsExactly(first.header("x-request-id"), second.header("x-request-id"),
                            last.header("x-request-id"));
            assertThat(lines).extracting(l -> l.getString("host"))
                    .containsExactly("a.example", "127.0.0.1", "127.0.0.1");
            for (JsonObject line : lines) {
                assertThat(line.getInteger("status")).isEqualTo(500);
                assertThat(line.containsKey("error")).as("the upstream's own 500").isFalse();
                assertThat(line.getString("method")).isEqualTo("GET");
                assertThat(line.getString("route")).isEqualTo("edge/shop");
                assertThat(line.getString("upstream")).isEqualTo("127.0.0.1:" + flaky.port());
                assertThat(line.getString("client")).isEqualTo("127.0.0.1");
                assertThat(line.getDouble("durationMs")).isGreaterThan(0.0).isLessThan(10_000.0);
            }
        } finally {
            sampled.close();
            none.close();
        }
    }

    @Test
    void timesAreUtcWithMillisecondsAcrossSeconds() {
        IsoMillis time = new IsoMillis();
        for (long ms : new long[] {1_795_802_909_000L, 1_795_802_909_005L, 1_795_802_909_050L, 1_795_802_909_999L,
                1_795_802_910_000L, 0L}) {
            StringBuilder out = new StringBuilder();
            time.append(out, ms);
            assertThat(Instant.parse(out)).isEqualTo(Instant.ofEpochMilli(ms));
            assertThat(out.toString()).hasSize(24).endsWith("Z");
        }
    }

    @Test
    void valuesAreEscapedAsJson() {
        String line = new AccessEntry("GET", "HTTP/1.1", "h", "/a\"b\\c\u0001", null).ended(0, null).toJson();
        JsonObject parsed = new JsonObject(line);
        assertThat(parsed.getString("path")).isEqualTo("/a\"b\\c\u0001");
        assertThat(parsed.getInteger("status")).as("the client left before an answer").isZero();
        assertThat(parsed.containsKey("client")).isFalse();
    }
}
