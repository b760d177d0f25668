package dev.portico.dataplane.proxy;

import static dev.portico.dataplane.Snapshots.cluster;
import static dev.portico.dataplane.Snapshots.match;
import static dev.portico.dataplane.Snapshots.route;
import static dev.portico.dataplane.Snapshots.ruleBuilder;
import static dev.portico.dataplane.Snapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.dataplane.GatewayFixture;
import dev.portico.dataplane.TestBackend;
import dev.portico.snapshot.PathMatch;
import dev.portico.snapshot.RetryPolicy;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP/1 forward path below Vert.x, over raw sockets: how it shares a connection with the Vert.x
 * path (order, hand-over), reuses upstream connections, streams large bodies, and turns an upstream
 * that breaks off into the same answers as the Vert.x path.
 */
class ForwardPathTest {
    private static final int BIG_DOWNLOAD = 8 * 1024 * 1024;
    private static GatewayFixture gw;
    private static final Set<String> firstSeen = ConcurrentHashMap.newKeySet();
    private static RawBackend raw;

    @BeforeAll
    static void start() throws IOException {
        gw = new GatewayFixture();
        TestBackend echo = gw.own(TestBackend.echo(gw.vertx, "echo"));
        raw = new RawBackend(ForwardPathTest::answer);
        String t = "2024-01-01T00:00:00Z";
        gw.apply(snapshot(1, List.of(route("shop", "edge", t, List.of(),
                ruleBuilder("fast").index(0).matches(match(PathMatch.Type.PathPrefix, "/fast")).backend("echo", 1).build(),
                ruleBuilder("raw").index(1).matches(match(PathMatch.Type.PathPrefix, "/raw")).backend("raw", 1).build(),
                ruleBuilder("retrying").index(2).matches(match(PathMatch.Type.PathPrefix, "/again")).backend("raw", 1)
                        .retries(new RetryPolicy(1, 0, List.of(RetryPolicy.Condition.Reset), List.of())).build())),
                List.of(cluster("echo", echo.port()), cluster("raw", raw.port()))));
    }

    @AfterAll
    static void stop() throws IOException {
        raw.close();
        gw.close();
    }

    /** The raw upstream's answers, by path. */
    private static boolean answer(RawHttp.Message req, InputStream in, OutputStream out) throws IOException {
        String path = req.startLine().split(" ")[1];
        byte[] body = RawHttp.body(in, req);
        if (path.startsWith("/again/") && firstSeen.add(path)) {
            return false; // the first try of each path: the connection closes before any answer
        }
        switch (path) {
            case "/raw/cut-small" -> {
                out.write("HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n0123456789".getBytes(StandardCharsets.US_ASCII));
                return false;
            }
            case "/raw/cut-large" -> {
                out.write(("HTTP/1.1 200 OK\r\ncontent-length: " + BIG_DOWNLOAD + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(new byte[64 * 1024]);
                return false;
            }
            case "/raw/until-close" -> {
                out.write("HTTP/1.1 200 OK\r\nconnection: close\r\n\r\nfirst part, ".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                out.write("then the rest".getBytes(StandardCharsets.US_ASCII));
                return false;
            }
            case "/raw/slow" -> {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                out.write("HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\nslow".getBytes(StandardCharsets.US_ASCII));
                return true;
            }
            case "/raw/big-download" -> {
                out.write(("HTTP/1.1 200 OK\r\ncontent-length: " + BIG_DOWNLOAD + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(pattern(BIG_DOWNLOAD));
                return true;
            }
            default -> {
                byte[] text = (path + " " + body.length + " " + Arrays.hashCode(body)).getBytes(StandardCharsets.US_ASCII);
                out.write(("HTTP/1.1 200 OK\r\ncontent-length: " + text.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(text);
                return true;
            }
        }
    }

    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + (i >> 12));
        }
        return b;
    }

    private static Socket connect() throws IOException {
        return RawHttp.connect(gw.port());
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: shop.example\r\n\r\n";
    }

    @Test
    void pipelinedRequestsAcrossBothPathsAreAnsweredInOrder() throws IOException {
        try (Socket s = connect()) {
            // no route (Vert.x answers 404) and a chunked upload (Vert.x) between forwarded ones
            RawHttp.send(s, get("/fast/1") + get("/nowhere") + get("/fast/2")
                    + "POST /fast/3 HTTP/1.1\r\nHost: shop.example\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
                    + "HEAD /fast/4 HTTP/1.1\r\nHost: shop.example\r\n\r\n" + get("/fast/5"));
            InputStream in = s.getInputStream();
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                RawHttp.Message r = RawHttp.response(in, i == 4);
                answers.add(r.status() + " " + (r.status() == 200 && i != 4 ? new JsonObject(r.text()).getString("uri")
                        : r.status() == 404 ? new JsonObject(r.text()).getString("error") : ""));
            }
            assertThat(answers).containsExactly("200 /fast/1", "404 route_not_found", "200 /fast/2", "200 /fast/3",
                    "200 ", "200 /fast/5");
        }
    }

    @Test
    void pipelinedRequestsEachGetTheirOwnOutcomeAndRequestIdThoughTheConnectionServesThemWithOneExchange()
            throws IOException {
        try (Socket s = connect()) {
            // an upstream reset (502), a retried one, and plain ones: each begins while the one before it finishes
            RawHttp.send(s, get("/fast/one") + get("/raw/cut-small") + get("/again/pipelined") + get("/fast/two")
                    + get("/fast/three"));
            InputStream in = s.getInputStream();
            List<String> ids = new ArrayList<>();
            List<String> outcomes = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                RawHttp.Message r = RawHttp.response(in, false);
                String id = r.header("x-request-id");
                ids.add(id);
                if (r.status() == 502) {
                    assertThat(new JsonObject(r.text()).getString("requestId")).isEqualTo(id);
                    outcomes.add("502");
                } else if (r.text().startsWith("{")) { // the echo backend: shows the id it was sent
                    JsonObject echoed = new JsonObject(r.text());
                    assertThat(echoed.getJsonObject("headers").getString("x-request-id")).isEqualTo(id);
                    outcomes.add(r.status() + " " + echoed.getString("uri"));
                } else {
                    outcomes.add(r.status() + " " + r.text().split(" ")[0]);
                }
            }
            assertThat(outcomes).containsExactly("200 /fast/one", "502", "200 /again/pipelined", "200 /fast/two",
                    "200 /fast/three");
            assertThat(ids).doesNotContainNull().doesNotHaveDuplicates().allMatch(id -> id.matches("[0-9a-f]{32}"));
        }
    }

    @Test
    void anUpstreamThatClosesBeforeAnsweringIsTriedAgainWhenTheRuleRetriesResets() throws IOException {
        try (Socket s = connect()) {
            InputStream in = s.getInputStream();
            RawHttp.send(s, get("/again/1") + get("/again/2"));
            for (String path : List.of("/again/1", "/again/2")) {
                RawHttp.Message r = RawHttp.response(in, false);
                assertThat(r.status()).as(r.text()).isEqualTo(200);
                assertThat(r.text()).startsWith(path + " 0 ");
            }
        }
        assertThat(firstSeen).containsExactlyInAnyOrder("/again/1", "/again/2");
        assertThat(gw.dataPlane.metrics().scrape()).contains("portico_retries_total{rule=\"shop/edge/retrying\"} 2.0");
    }

    @Test
    void aRequestAnsweredByVertxIsFollowedByAForwardedOneOnTheSameConnection() throws IOException {
        try (Socket s = connect()) {
            InputStream in = s.getInputStream();
            RawHttp.send(s, get("/nowhere"));
            RawHttp.Message missing = RawHttp.response(in, false);
            assertThat(missing.status()).isEqualTo(404);
            assertThat(new JsonObject(missing.text()).getString("requestId")).isEqualTo(missing.header("x-request-id"));
            RawHttp.send(s, get("/fast/after"));
            RawHttp.Message forwarded = RawHttp.response(in, false);
            assertThat(forwarded.status()).isEqualTo(200);
            JsonObject echoed = new JsonObject(forwarded.text());
            assertThat(echoed.getString("uri")).isEqualTo("/fast/after");
            assertThat(echoed.getJsonObject("headers").getString("x-request-id")).isEqualTo(forwarded.header("x-request-id"));
            assertThat(echoed.getJsonObject("headers").getString("x-forwarded-for")).isEqualTo("127.0.0.1");
            assertThat(echoed.getJsonObject("headers").getString("x-forwarded-host")).isEqualTo("shop.example");
            assertThat(echoed.getJsonObject("headers").getString("host")).isEqualTo("shop.example");
        }
    }

    @Test
    void aCloseOptionInAConnectionListEndsTheConnectionAfterTheAnswer() throws IOException {
        for (String connection : List.of("close", "close, X-Drop-Me", "X-Drop-Me, Close")) {
            try (Socket s = connect()) {
                RawHttp.send(s, "GET /fast/closing HTTP/1.1\r\nHost: shop.example\r\nX-Drop-Me: 1\r\nConnection: " + connection
                        + "\r\n\r\n");
                InputStream in = s.getInputStream();
                RawHttp.Message r = RawHttp.response(in, false);
                assertThat(r.status()).as(connection).isEqualTo(200);
                assertThat(r.header("connection")).as(connection).isEqualToIgnoringCase("close");
                boolean named = connection.toLowerCase().contains("x-drop-me");
                assertThat(new JsonObject(r.text()).getJsonObject("headers").containsKey("x-drop-me")).as(connection).isEqualTo(!named);
                assertThat(in.read()).as("the gateway closed the connection after: " + connection).isEqualTo(-1);
            }
        }
    }

    @Test
    void aConnectionListWithoutCloseKeepsTheConnection() throws IOException {
        try (Socket s = connect()) {
            InputStream in = s.getInputStream();
            RawHttp.send(s, "GET /fast/a HTTP/1.1\r\nHost: shop.example\r\nX-Drop-Me: 1\r\nConnection: keep-alive, X-Drop-Me\r\n\r\n");
            RawHttp.Message first = RawHttp.response(in, false);
            assertThat(first.status()).isEqualTo(200);
            assertThat(new JsonObject(first.text()).getJsonObject("headers").containsKey("x-drop-me")).isFalse();
            RawHttp.send(s, get("/fast/b"));
            assertThat(new JsonObject(RawHttp.response(in, false).text()).getString("uri")).isEqualTo("/fast/b");
        }
    }

    @Test
    void upstreamConnectionsAreReusedAcrossRequestsAndClients() throws IOException {
        int before = raw.connections();
        for (int client = 0; client < 2; client++) {
            try (Socket s = connect()) {
                for (int i = 0; i < 10; i++) {
                    RawHttp.send(s, get("/raw/reuse/" + i));
                    RawHttp.Message r = RawHttp.response(s.getInputStream(), false);
                    assertThat(r.text()).startsWith("/raw/reuse/" + i + " 0 ");
                }
            }
        }
        assertThat(raw.connections() - before).isLessThanOrEqualTo(1);
    }

    /** One request on a connection of its own, answered by the raw upstream's default echo. */
    private static void echoedOnNewClient(String path) throws IOException {
        try (Socket s = connect()) {
            RawHttp.send(s, get(path));
            assertThat(RawHttp.response(s.getInputStream(), false).text()).startsWith(path + " 0 ");
        }
    }

    @Test
    void aClientThatLeavesBeforeTheAnswerLeavesTheUpstreamConnectionPooled() throws Exception {
        echoedOnNewClient("/raw/pooled/warm");
        int before = raw.connections();
        try (Socket s = connect()) {
            RawHttp.send(s, get("/raw/slow")); // answered after 500 ms, long after this client left
        }
        Thread.sleep(1_000);
        for (int client = 0; client < 3; client++) {
            echoedOnNewClient("/raw/pooled/" + client);
        }
        assertThat(raw.connections() - before).isZero();
    }

    @Test
    void aLongAnswerNobodyWaitsForIsNotReadToItsEnd() throws Exception {
        echoedOnNewClient("/raw/pooled/warm-again");
        int before = raw.connections();
        try (Socket s = connect()) {
            RawHttp.send(s, get("/raw/big-download"));
            s.getInputStream().readNBytes(1024); // the answer started; then the client leaves
        }
        Thread.sleep(500);
        echoedOnNewClient("/raw/pooled/after-big");
        assertThat(raw.connections() - before).isEqualTo(1); // the 8 MiB answer's link was closed, not drained
    }

    @Test
    void upstreamClosingMidResponseIs502JsonWithTheRequestIdAndTheConnectionStaysUsable() throws IOException {
        try (Socket s = connect()) {
            InputStream in = s.getInputStream();
            RawHttp.send(s, get("/raw/cut-small"));
            RawHttp.Message r = RawHttp.response(in, false);
            assertThat(r.status()).isEqualTo(502);
            JsonObject error = new JsonObject(r.text());
            assertThat(error.getString("error")).isEqualTo("upstream_reset");
            assertThat(error.getString("requestId")).isEqualTo(r.header("x-request-id"));
            assertThat(r.text()).doesNotContain("0123456789");
            RawHttp.send(s, get("/fast/next"));
            assertThat(RawHttp.response(in, false).status()).isEqualTo(200);
        }
    }

    @Test
    void aStreamedBodyCutShortClosesTheClientConnectionBeforeItsEnd() throws IOException {
        try (Socket s = connect()) {
            RawHttp.send(s, get("/raw/cut-large"));
            InputStream in = s.getInputStream();
            RawHttp.Message head = RawHttp.head(in);
            assertThat(head.status()).isEqualTo(200);
            byte[] got = in.readNBytes(BIG_DOWNLOAD); // returns early at the close
            assertThat(got.length).isLessThan(BIG_DOWNLOAD);
        }
    }

    @Test
    void aCloseDelimitedUpstreamBodyReachesTheClientChunked() throws IOException {
        try (Socket s = connect()) {
            InputStream in = s.getInputStream();
            RawHttp.send(s, get("/raw/until-close"));
            RawHttp.Message r = RawHttp.response(in, false);
            assertThat(r.header("transfer-encoding")).isEqualTo("chunked");
            assertThat(r.header("connection")).isNull();
            assertThat(r.text()).isEqualTo("first part, then the rest");
            RawHttp.send(s, get("/fast/still-open"));
            assertThat(RawHttp.response(in, false).status()).isEqualTo(200);
        }
    }

    @Test
    void largeBodiesStreamBothWaysThroughASlowReader() throws Exception {
        byte[] upload = pattern(4 * 1024 * 1024);
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /raw/big-upload HTTP/1.1\r\nHost: shop.example\r\ncontent-length: " + upload.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(upload);
            out.flush();
            InputStream in = s.getInputStream();
            assertThat(RawHttp.response(in, false).text())
                    .isEqualTo("/raw/big-upload " + upload.length + " " + Arrays.hashCode(upload));
            RawHttp.send(s, get("/raw/big-download"));
            Thread.sleep(300); // a reader that is late: the gateway must hold back, not buffer 8 MiB or drop bytes
            RawHttp.Message r = RawHttp.response(in, false);
            assertThat(r.body().length).isEqualTo(BIG_DOWNLOAD);
            assertThat(Arrays.equals(r.body(), pattern(BIG_DOWNLOAD))).isTrue();
        }
    }

    @Test
    void shutdownLetsAForwardedRequestInFlightFinishThenClosesItsConnection() throws Exception {
        try (GatewayFixture own = new GatewayFixture(); RawBackend slow = new RawBackend(ForwardPathTest::answer)) {
            own.apply(snapshot(1, List.of(route("shop", "edge", "2024-01-01T00:00:00Z", List.of(),
                    ruleBuilder("raw").index(0).matches(match(PathMatch.Type.PathPrefix, "/raw")).backend("raw", 1)
                            .build())), List.of(cluster("raw", slow.port()))));
            try (Socket s = new Socket("127.0.0.1", own.port())) {
                s.setSoTimeout(10_000);
                RawHttp.send(s, get("/raw/slow"));
                org.awaitility.Awaitility.await().until(() -> slow.connections() == 1); // the request is upstream
                var stopped = own.dataPlane.shutdown();
                RawHttp.Message r = RawHttp.response(s.getInputStream(), false);
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.text()).isEqualTo("slow");
                assertThat(s.getInputStream().read()).isEqualTo(-1); // then the connection is closed
                stopped.await(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }
}
