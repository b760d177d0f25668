package dev.portico.dataplane.proxy;

import static dev.portico.dataplane.Snapshots.cluster;
import static dev.portico.dataplane.Snapshots.match;
import static dev.portico.dataplane.Snapshots.route;
import static dev.portico.dataplane.Snapshots.ruleBuilder;
import static dev.portico.dataplane.Snapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.dataplane.GatewayFixture;
import dev.portico.dataplane.GatewayOptions;
import dev.portico.dataplane.TestBackend;
import dev.portico.dataplane.filter.Exchange;
import dev.portico.dataplane.filter.GatewayException;
import dev.portico.dataplane.filter.RouteFilter;
import dev.portico.dataplane.filter.RouteFilterFactory;
import dev.portico.snapshot.PathMatch;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rules with filters that read only the request head (auth, rate limits) are served by the HTTP/1 forward
 * path too, with the Vert.x path's answers: the filters' upstream and response headers, their refusals (before
 * a 500/503 of the backend), answers that come later from another thread, and pipelined requests in order.
 * The test filters note which path ran them: the forward path has no Vert.x request.
 */
class FilteredForwardPathTest {
    private static GatewayFixture gw;
    /** Per filter run: "forward" on the HTTP/1 forward path, "vertx" on the Vert.x path. */
    private static final Queue<String> paths = new ConcurrentLinkedQueue<>();

    /** Lets a request in with {@code x-pass: yes}; refuses it otherwise with 403 and a header of its own. */
    private static final class Gate implements RouteFilter {
        private final boolean headOnly;

        Gate(boolean headOnly) {
            this.headOnly = headOnly;
        }

        @Override
        public boolean readsHeadOnly() {
            return headOnly;
        }

        @Override
        public Future<Void> apply(Exchange ex) {
            paths.add(ex.request() == null ? "forward" : "vertx");
            ex.responseHeaders().set("x-gate-seen", ex.head().method());
            if (!"yes".equals(ex.head().header("X-Pass")) || ex.head().headers("x-pass").size() != 1) {
                return Future.failedFuture(new GatewayException(403, "forbidden", "x-pass must be yes",
                        Map.of("x-gate-reason", "no pass")));
            }
            ex.removeUpstreamHeader("x-pass");
            ex.setUpstreamHeader("x-gate", "passed");
            return Future.succeededFuture();
        }
    }

    /**
     * Decides 50 ms later, on a thread that is no event loop (as a Redis reply may), and rewrites the query; edits a
     * header before and asks for the header map after (the map then holds the earlier edit).
     */
    private static final class LateGate implements RouteFilter {
        @Override
        public boolean readsHeadOnly() {
            return true;
        }

        @Override
        public Future<Void> apply(Exchange ex) {
            paths.add(ex.request() == null ? "forward" : "vertx");
            String query = ex.head().query();
            ex.setUpstreamHeader("x-early", "edit");
            Promise<Void> decided = Promise.promise();
            CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS).execute(() -> {
                if (query != null && query.contains("deny")) {
                    decided.fail(new GatewayException(429, "too_many_requests", "later: no"));
                } else {
                    ex.replaceUpstreamQuery("checked=later");
                    ex.upstreamHeaders().set("x-late", "map");
                    decided.complete();
                }
            });
            return decided.future();
        }
    }

    @BeforeAll
    static void start() {
        RouteFilterFactory filters = (route, rule) -> switch (route.name()) {
            case "gate", "empty" -> new Gate(true);
            case "vertx" -> new Gate(false);
            case "late" -> new LateGate();
            default -> null;
        };
        gw = new GatewayFixture(GatewayOptions.defaults().withHost("127.0.0.1").withPort(0).withInstances(1)
                .withFilterFactories(List.of(filters)));
        TestBackend echo = gw.own(TestBackend.echo(gw.vertx, "echo"));
        String t = "2024-01-01T00:00:00Z";
        gw.apply(snapshot(1, List.of(
                route("shop", "gate", t, List.of(), ruleBuilder("r").index(0)
                        .matches(match(PathMatch.Type.PathPrefix, "/gate")).backend("echo", 1).build()),
                route("shop", "vertx", t, List.of(), ruleBuilder("r").index(0)
                        .matches(match(PathMatch.Type.PathPrefix, "/vertx")).backend("echo", 1).build()),
                route("shop", "late", t, List.of(), ruleBuilder("r").index(0)
                        .matches(match(PathMatch.Type.PathPrefix, "/late")).backend("echo", 1).build()),
                route("shop", "empty", t, List.of(), ruleBuilder("r").index(0)
                        .matches(match(PathMatch.Type.PathPrefix, "/empty")).backend("none", 1).build())),
                List.of(cluster("echo", echo.port()), cluster("none"))));
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @BeforeEach
    void clear() {
        paths.clear();
    }

    private static Socket connect() throws IOException {
        return RawHttp.connect(gw.port());
    }

    private static String get(String target, String... headerLines) {
        return "GET " + target + " HTTP/1.1\r\nHost: shop.example\r\n" + String.join("", headerLines) + "\r\n";
    }

    @Test
    void anAdmittedRequestGoesUpstreamWithTheFiltersHeadersAndBackWithTheirResponseHeaders() throws IOException {
        try (Socket s = connect()) {
            RawHttp.send(s, get("/gate/a?x=1", "X-Pass: yes\r\n", "X-Other: kept\r\n"));
            RawHttp.Message r = RawHttp.response(s.getInputStream(), false);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("x-gate-seen")).isEqualTo("GET");
            JsonObject echoed = new JsonObject(r.text());
            assertThat(echoed.getString("uri")).isEqualTo("/gate/a?x=1");
            JsonObject up = echoed.getJsonObject("headers");
            assertThat(up.getString("x-gate")).isEqualTo("passed");
            assertThat(up.containsKey("x-pass")).isFalse();
            assertThat(up.getString("x-other")).isEqualTo("kept");
            assertThat(up.getString("x-forwarded-for")).isEqualTo("127.0.0.1");
            assertThat(up.getString("x-request-id")).isEqualTo(r.header("x-request-id"));
        }
        assertThat(paths).containsExactly("forward");
    }

    @Test
    void aRefusalIsTheFiltersJsonErrorWithItsHeadersAndTheConnectionServesOn() throws IOException {
        try (Socket s = connect()) {
            InputStream in = s.getInputStream();
            RawHttp.send(s, get("/gate/b"));
            RawHttp.Message refused = RawHttp.response(in, false);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.header("x-gate-reason")).isEqualTo("no pass");
            assertThat(refused.header("x-gate-seen")).isEqualTo("GET");
            assertThat(refused.header("content-type")).isEqualTo("application/json");
            JsonObject body = new JsonObject(refused.text());
            assertThat(body.getString("error")).isEqualTo("forbidden");
            assertThat(body.getString("requestId")).isEqualTo(refused.header("x-request-id"));
            RawHttp.send(s, get("/gate/c", "x-pass: yes\r\n"));
            assertThat(RawHttp.response(in, false).status()).isEqualTo(200);
        }
        assertThat(paths).containsExactly("forward", "forward");
    }

    @Test
    void filtersAnswerBeforeTheBackendIsLookedAt() throws IOException {
        try (Socket s = connect()) {
            InputStream in = s.getInputStream();
            RawHttp.send(s, get("/empty/x"));
            assertThat(RawHttp.response(in, false).status()).isEqualTo(403);
            RawHttp.send(s, get("/empty/x", "x-pass: yes\r\n"));
            RawHttp.Message unavailable = RawHttp.response(in, false);
            assertThat(unavailable.status()).isEqualTo(503);
            assertThat(new JsonObject(unavailable.text()).getString("error")).isEqualTo("no_healthy_upstream");
        }
    }

    @Test
    void aLaterDecisionFromAnotherThreadIsAnsweredInOrderWithThePipelinedRequests() throws IOException {
        try (Socket s = connect()) {
            RawHttp.send(s, get("/late/1?q=1") + get("/late/2?deny=1") + get("/gate/3", "x-pass: yes\r\n")
                    + "POST /late/4 HTTP/1.1\r\nHost: shop.example\r\nContent-Length: 5\r\n\r\nhello");
            InputStream in = s.getInputStream();
            RawHttp.Message first = RawHttp.response(in, false);
            RawHttp.Message second = RawHttp.response(in, false);
            RawHttp.Message third = RawHttp.response(in, false);
            RawHttp.Message fourth = RawHttp.response(in, false);
            assertThat(first.status()).isEqualTo(200);
            JsonObject late = new JsonObject(first.text());
            assertThat(late.getString("uri")).isEqualTo("/late/1?checked=later");
            assertThat(late.getJsonObject("headers").getString("x-early")).isEqualTo("edit");
            assertThat(late.getJsonObject("headers").getString("x-late")).isEqualTo("map");
            assertThat(late.getJsonObject("headers").getString("x-forwarded-host")).isEqualTo("shop.example");
            assertThat(second.status()).isEqualTo(429);
            assertThat(new JsonObject(second.text()).getString("message")).isEqualTo("later: no");
            assertThat(third.status()).isEqualTo(200);
            assertThat(new JsonObject(third.text()).getString("uri")).isEqualTo("/gate/3");
            assertThat(fourth.status()).isEqualTo(200);
            JsonObject posted = new JsonObject(fourth.text());
            assertThat(posted.getString("uri")).isEqualTo("/late/4?checked=later");
            assertThat(posted.getInteger("bodyLength")).isEqualTo(5); // the body waited for the decision
        }
        assertThat(paths).containsExactly("forward", "forward", "forward", "forward");
    }

    @Test
    void aFilterThatNeedsTheVertxRequestKeepsItsRuleOnTheVertxPath() throws IOException {
        try (Socket s = connect()) {
            RawHttp.send(s, get("/vertx/a", "x-pass: yes\r\n"));
            RawHttp.Message r = RawHttp.response(s.getInputStream(), false);
            assertThat(r.status()).isEqualTo(200);
            assertThat(new JsonObject(r.text()).getJsonObject("headers").getString("x-gate")).isEqualTo("passed");
        }
        assertThat(paths).containsExactly("vertx");
    }

    @Test
    void overHttp2TheSameFiltersRunOnTheVertxPathWithTheSameAnswers() throws Exception {
        var h2 = gw.vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
        try {
            RequestOptions refused = new RequestOptions().setHost("127.0.0.1").setPort(gw.port()).setURI("/gate/h2")
                    .setMethod(HttpMethod.GET);
            var answer = h2.request(refused).compose(req -> req.send().compose(res -> res.body()
                    .map(b -> List.of(String.valueOf(res.statusCode()), res.getHeader("x-gate-reason"),
                            res.getHeader("x-gate-seen"), new JsonObject(b).getString("error")))))
                    .await(10, TimeUnit.SECONDS);
            assertThat(answer).containsExactly("403", "no pass", "GET", "forbidden");
        } finally {
            h2.close().await(10, TimeUnit.SECONDS);
        }
        assertThat(paths).containsExactly("vertx");
    }
}
