package dev.portico.dataplane.aggregate;

import static dev.portico.dataplane.Snapshots.cluster;
import static dev.portico.dataplane.Snapshots.match;
import static dev.portico.dataplane.Snapshots.route;
import static dev.portico.dataplane.Snapshots.ruleBuilder;
import static dev.portico.dataplane.Snapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.dataplane.GatewayFixture;
import dev.portico.dataplane.GatewayOptions;
import dev.portico.dataplane.TestBackend;
import dev.portico.snapshot.Aggregate;
import dev.portico.snapshot.Cluster;
import dev.portico.snapshot.HeaderModifier;
import dev.portico.snapshot.PathMatch;
import dev.portico.snapshot.Rule;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Aggregation end to end: a real gateway listener and real backends on 127.0.0.1. */
class AggregateTest {
    private static final String T = "2024-01-01T00:00:00Z";
    private static GatewayFixture gw;
    private static final List<String> seenPaths = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        gw = new GatewayFixture(GatewayOptions.defaults().withHost("127.0.0.1").withPort(0).withInstances(1)
                .withFilterFactories(List.of(new AggregateFilterFactory())));
        Vertx v = gw.vertx;
        TestBackend fast = gw.own(delayed(v, "fast", 50));
        TestBackend medium = gw.own(delayed(v, "medium", 100));
        TestBackend slow = gw.own(delayed(v, "slow", 150));
        TestBackend late = gw.own(delayed(v, "late", 2_000));
        TestBackend failing = gw.own(TestBackend.status(v, "failing", 500));
        TestBackend text = gw.own(TestBackend.start(v, "text",
                req -> req.response().putHeader("content-type", "text/plain").end("plain \"words\"")));
        TestBackend echo = gw.own(TestBackend.start(v, "echo", AggregateTest::echo));
        TestBackend huge = gw.own(TestBackend.start(v, "huge", req -> {
            req.response().setChunked(true).putHeader("content-type", "application/json");
            byte[] chunk = new byte[1024 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            for (int i = 0; i < 6; i++) {
                req.response().write(Buffer.buffer(chunk));
            }
            req.response().end();
        }));
        gw.apply(snapshot(1, List.of(route("shop", "dash", T, List.of(),
                        aggregate("three", 0, "/three/{u}", 3_000,
                                backend("fast", "fast", "/fast/{u}", true, 0),
                                backend("medium", "medium", "/medium?user={u}", true, 0),
                                backend("slow", "slow", "/slow", true, 0)),
                        aggregate("partial", 1, "/partial", 3_000,
                                backend("fast", "fast", "/fast", true, 0),
                                backend("recommended", "late", "/late", false, 100)),
                        aggregate("required-fails", 2, "/required-fails", 3_000,
                                backend("fast", "fast", "/fast", true, 0),
                                backend("user", "failing", "/users/1", true, 0)),
                        aggregate("required-slow", 3, "/required-slow", 3_000,
                                backend("fast", "fast", "/fast", false, 0),
                                backend("user", "late", "/users/1", true, 200)),
                        aggregate("text", 4, "/text", 3_000,
                                backend("greeting", "text", "/hello", true, 0),
                                backend("fast", "fast", "/fast", true, 0)),
                        aggregate("hostile", 5, "/hostile/{id}", 3_000,
                                backend("user", "echo", "/users/{id}/profile?id={id}", true, 0),
                                backend("search", "echo", "/search/{term}", true, 0)),
                        aggregate("huge", 6, "/huge", 3_000,
                                backend("big", "huge", "/big", true, 0)),
                        aggregate("optional-failures", 7, "/optional-failures", 3_000,
                                backend("fast", "fast", "/fast", true, 0),
                                backend("broken", "failing", "/x", false, 0),
                                backend("ghost", "ghost", "/x", false, 0)),
                        aggregate("refused-first", 8, "/refused-first", 3_000,
                                backend("fast", "half-refused", "/fast", true, 0))),
                route("shop", "headers", T, List.of(), ruleBuilder("headers").index(0)
                        .matches(match(PathMatch.Type.Exact, "/headers"))
                        .requestHeaders(new HeaderModifier(List.of(new HeaderModifier.Header("X-Env", "prod")),
                                List.of(), List.of()))
                        .aggregate(new Aggregate(3_000, List.of(backend("echo", "echo", "/h", true, 0))))
                        .build())),
                List.of(cluster("fast", fast.port()), cluster("medium", medium.port()), cluster("slow", slow.port()),
                        cluster("late", late.port()), cluster("failing", failing.port()),
                        cluster("text", text.port()), cluster("half-refused", 1, fast.port()),
                        cluster("echo", echo.port()), cluster("huge", huge.port()),
                        new Cluster("ghost", "shop", "ghost", 80, false, List.of()))));
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    private static TestBackend delayed(Vertx v, String name, long ms) {
        return TestBackend.start(v, name, req -> v.setTimer(ms, t -> req.response()
                .putHeader("content-type", "application/json")
                .end(new JsonObject().put("from", name).put("uri", req.uri()).encode())));
    }

    private static void echo(HttpServerRequest req) {
        seenPaths.add(req.path());
        JsonObject headers = new JsonObject();
        req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
        req.response().putHeader("content-type", "application/json")
                .end(new JsonObject().put("uri", req.uri()).put("path", req.path()).put("headers", headers).encode());
    }

    private static Aggregate.Backend backend(String name, String cluster, String path, boolean required, long ms) {
        return new Aggregate.Backend(name, cluster, path, required, ms);
    }

    private static Rule aggregate(String name, int index, String path, long timeoutMs, Aggregate.Backend... b) {
        PathMatch.Type type = path.contains("{") ? PathMatch.Type.Template : PathMatch.Type.Exact;
        return ruleBuilder(name).index(index).matches(match(type, path))
                .aggregate(new Aggregate(timeoutMs, List.of(b))).build();
    }

    private static JsonObject json(GatewayFixture.Response r) {
        return new JsonObject(r.body());
    }

    @Test
    void threeBackendsMergeInTheSlowestOnesTimeNotTheSum() {
        for (int i = 0; i < 3; i++) {
            gw.get("/three/7"); // warm the pooled connections so connection setup is not measured
        }
        List<Long> millis = new ArrayList<>();
        GatewayFixture.Response last = null;
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            last = gw.get("/three/7");
            millis.add((System.nanoTime() - t0) / 1_000_000);
            assertThat(last.statusCode()).as("%s", last.body()).isEqualTo(200);
        }
        JsonObject body = json(last);
        assertThat(body.fieldNames()).containsExactly("fast", "medium", "slow");
        assertThat(body.getJsonObject("fast").getString("uri")).isEqualTo("/fast/7");
        assertThat(body.getJsonObject("medium").getString("uri")).isEqualTo("/medium?user=7");
        assertThat(body.getJsonObject("slow").getString("from")).isEqualTo("slow");
        assertThat(last.header("content-type")).isEqualTo("application/json");
        assertThat(last.header(MergedResponse.PARTIAL_HEADER)).isNull();
        // a busy 2-core machine makes single calls noisy: the median of five must be under 190 ms
        List<Long> sorted = millis.stream().sorted().toList();
        assertThat(sorted.get(0)).as("every call waits for the 150 ms backend: %s", millis).isGreaterThanOrEqualTo(150);
        assertThat(sorted.get(2)).as("median of %s", millis).isLessThan(190);
    }

    @Test
    void optionalBackendTimingOutIsLeftOutListedInErrorsAndMarkedPartial() {
        long t0 = System.nanoTime();
        GatewayFixture.Response r = gw.get("/partial");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.statusCode()).as("%s", r.body()).isEqualTo(200);
        assertThat(r.header("Portico-Partial")).isEqualTo("true");
        JsonObject body = json(r);
        assertThat(body.getJsonObject("fast").getString("from")).isEqualTo("fast");
        assertThat(body.containsKey("recommended")).isFalse();
        JsonObject error = body.getJsonObject("_errors").getJsonObject("recommended");
        assertThat(error.getString("error")).isEqualTo("timeout");
        assertThat(error.getString("message")).contains("100 ms");
        assertThat(ms).isLessThan(1_000);
    }

    @Test
    void optionalBackendsWithBadStatusOrMissingServiceAreListedWithTheirReason() {
        GatewayFixture.Response r = gw.get("/optional-failures");
        assertThat(r.statusCode()).as("%s", r.body()).isEqualTo(200);
        assertThat(r.header("Portico-Partial")).isEqualTo("true");
        JsonObject errors = json(r).getJsonObject("_errors");
        assertThat(errors.getJsonObject("broken").getString("error")).isEqualTo("bad_status");
        assertThat(errors.getJsonObject("broken").getInteger("status")).isEqualTo(500);
        assertThat(errors.getJsonObject("ghost").getString("error")).isEqualTo("backend_not_found");
        assertThat(json(r).fieldNames()).containsExactly("fast", "_errors");
    }

    @Test
    void connectFailureMovesOnToAnotherEndpointOfTheService() {
        for (int i = 0; i < 4; i++) { // round robin lands on the refusing endpoint in every other call
            GatewayFixture.Response r = gw.get("/refused-first");
            assertThat(r.statusCode()).as("%s", r.body()).isEqualTo(200);
            assertThat(json(r).getJsonObject("fast").getString("from")).isEqualTo("fast");
        }
    }

    @Test
    void requiredBackendFailingIs502NamingIt() {
        GatewayFixture.Response r = gw.get("/required-fails");
        assertThat(r.statusCode()).as("%s", r.body()).isEqualTo(502);
        JsonObject body = json(r);
        assertThat(body.getString("error")).isEqualTo("aggregate_backend_failed");
        assertThat(body.getString("message")).contains("\"user\"").contains("500");
        assertThat(body.getString("requestId")).isEqualTo(r.header("x-request-id"));
    }

    @Test
    void requiredBackendTimingOutIs504NamingIt() {
        long t0 = System.nanoTime();
        GatewayFixture.Response r = gw.get("/required-slow");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.statusCode()).as("%s", r.body()).isEqualTo(504);
        assertThat(json(r).getString("error")).isEqualTo("aggregate_backend_timeout");
        assertThat(json(r).getString("message")).contains("\"user\"").contains("200 ms");
        assertThat(ms).isLessThan(1_000);
    }

    @Test
    void nonJsonBackendBecomesAStringMember() {
        JsonObject body = json(gw.get("/text"));
        assertThat(body.getString("greeting")).isEqualTo("plain \"words\"");
        assertThat(body.getJsonObject("fast").getString("from")).isEqualTo("fast");
    }

    @Test
    void hostileCaptureStaysInsideItsSegment() {
        seenPaths.clear();
        GatewayFixture.Response r = gw.get("/hostile/%2E%2E%3Fadmin?term=../admin");
        assertThat(r.statusCode()).as("%s", r.body()).isEqualTo(200);
        JsonObject body = json(r);
        // the router captured "..%3Fadmin" (its dots decoded, '?' still escaped); it goes out as one segment
        assertThat(body.getJsonObject("user").getString("uri")).isEqualTo("/users/..%3Fadmin/profile?id=..%3Fadmin");
        assertThat(body.getJsonObject("search").getString("uri")).isEqualTo("/search/..%2Fadmin");
        GatewayFixture.Response slash = gw.get("/hostile/..%2Fadmin");
        // an encoded slash never reaches routing at all
        assertThat(slash.statusCode()).as("%s", slash.body()).isEqualTo(400);
        GatewayFixture.Response dots = gw.get("/hostile/x?term=..");
        assertThat(dots.statusCode()).as("%s", dots.body()).isEqualTo(200);
        assertThat(seenPaths).contains("/search/%2E%2E").allSatisfy(p -> assertThat(p).doesNotStartWith("/admin"));
    }

    @Test
    void backendsGetGatewayAndRouteHeadersButNotTheClientsOthers() {
        GatewayFixture.Response r = gw.get("/headers", "X-Request-Id", "client-rid", "Cookie", "session=secret",
                "Authorization", "Bearer token", "X-Custom", "1", "Portico-Client-Id", "forged");
        JsonObject h = json(r).getJsonObject("echo").getJsonObject("headers");
        assertThat(h.getString("x-request-id")).isEqualTo(r.header("x-request-id"));
        assertThat(h.getString("x-forwarded-for")).isEqualTo("127.0.0.1");
        assertThat(h.getString("x-forwarded-proto")).isEqualTo("http");
        assertThat(h.getString("x-env")).isEqualTo("prod");
        assertThat(h.getString("accept")).isEqualTo("application/json");
        assertThat(h.fieldNames()).doesNotContain("cookie", "authorization", "x-custom", "portico-client-id");
    }

    @Test
    void backendBodyOverTheCapIs502NamingTheBackend() {
        GatewayFixture.Response r = gw.get("/huge");
        assertThat(r.statusCode()).as("%s", r.body()).isEqualTo(502);
        assertThat(json(r).getString("message")).contains("\"big\"").contains("5242880-byte limit");
    }

    @Test
    void everyBackendCallIsMeasuredByRouteRuleBackendAndOutcome() {
        gw.get("/partial");
        String scrape = gw.dataPlane.metrics().scrape();
        assertThat(scrape).contains("portico_aggregate_backend_latency_seconds_count{backend=\"fast\","
                + "outcome=\"ok\",route=\"shop/dash\",rule=\"partial\"}");
        assertThat(scrape).contains("backend=\"recommended\",outcome=\"timeout\",route=\"shop/dash\",rule=\"partial\"");
    }
}
