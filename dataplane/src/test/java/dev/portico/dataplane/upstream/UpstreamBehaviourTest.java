package dev.portico.dataplane.upstream;

import static dev.portico.dataplane.Scrape.sample;
import static dev.portico.dataplane.Snapshots.cluster;
import static dev.portico.dataplane.Snapshots.route;
import static dev.portico.dataplane.Snapshots.ruleBuilder;
import static dev.portico.dataplane.Snapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portico.dataplane.GatewayFixture;
import dev.portico.dataplane.GatewayOptions;
import dev.portico.dataplane.TestBackend;
import dev.portico.snapshot.LoadBalancer;
import dev.portico.snapshot.RetryPolicy;
import dev.portico.snapshot.Rule;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Load balancing, outlier detection, retries and timeouts over real sockets with real backends. */
class UpstreamBehaviourTest {
    private static final String EJECTIONS = "portico_outlier_ejections_total{cluster=\"c\"}";
    private static GatewayFixture gw;

    @BeforeAll
    static void start() {
        gw = new GatewayFixture(GatewayOptions.defaults().withHost("127.0.0.1").withPort(0).withInstances(1)
                .withOutliers(new OutlierPolicy(3, 400, 5_000)));
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    private static TestBackend echo(String name) {
        return gw.own(TestBackend.echo(gw.vertx, name));
    }

    private static TestBackend failing(String name, int status) {
        return gw.own(TestBackend.status(gw.vertx, name, status));
    }

    private static TestBackend slow(String name, long delayMs) {
        return gw.own(TestBackend.start(gw.vertx, name,
                req -> gw.vertx.setTimer(delayMs, t -> req.response().putHeader("x-backend", name).end(name))));
    }

    private static void serve(Rule rule, int... ports) {
        gw.apply(snapshot(System.nanoTime(), List.of(route("ns", "r", "2024-01-01T00:00:00Z", List.of(), rule)),
                List.of(cluster("c", ports))));
    }

    private static String backendOf(GatewayFixture.Response r) {
        return r.header("x-backend");
    }

    @Test
    void roundRobinOverHttpAlternatesBetweenEndpoints() {
        TestBackend a = echo("rr-a");
        TestBackend b = echo("rr-b");
        serve(ruleBuilder("rr").backend("c", 1).build(), a.port(), b.port());
        for (int i = 0; i < 20; i++) {
            assertThat(gw.get("/x").statusCode()).isEqualTo(200);
        }
        assertThat(a.hits()).isEqualTo(10);
        assertThat(b.hits()).isEqualTo(10);
    }

    @Test
    void consistentHashOnAHeaderSendsOneUserToOneEndpoint() {
        serveHashingOverThree("ch", new LoadBalancer.HashOn("X-User", null, false));
        eachUserSticks(user -> new String[] {"X-User", "u" + user}, (user, i) -> new String[] {"X-User", "u" + user});
    }

    @Test
    void consistentHashOnACookieKeepsASessionOnOneEndpoint() {
        serveHashingOverThree("ck", new LoadBalancer.HashOn(null, "session", false));
        // other cookies around it change nothing
        eachUserSticks(user -> new String[] {"Cookie", "theme=dark; session=s" + user},
                (user, i) -> new String[] {"Cookie", "session=s" + user + "; lang=l" + i});
    }

    /** A rule hashing on {@code on} over three echo backends named {@code name-a}, {@code -b}, {@code -c}. */
    private static void serveHashingOverThree(String name, LoadBalancer.HashOn on) {
        TestBackend a = echo(name + "-a");
        TestBackend b = echo(name + "-b");
        TestBackend c = echo(name + "-c");
        serve(ruleBuilder(name).backend("c", 1).loadBalancer(new LoadBalancer(LoadBalancer.Type.ConsistentHash, on))
                .build(), a.port(), b.port(), c.port());
    }

    /** Each of 12 users keeps landing where its first request went (sent with these headers); they spread out. */
    private static void eachUserSticks(IntFunction<String[]> first, BiFunction<Integer, Integer, String[]> again) {
        Set<String> seen = new HashSet<>();
        for (int user = 0; user < 12; user++) {
            String endpoint = backendOf(gw.get("/x", first.apply(user)));
            for (int i = 0; i < 3; i++) {
                assertThat(backendOf(gw.get("/x", again.apply(user, i)))).isEqualTo(endpoint);
            }
            seen.add(endpoint);
        }
        assertThat(seen).hasSizeGreaterThan(1);
    }

    @Test
    void consistentHashOnTheClientIpSendsOneClientToOneEndpoint() {
        TestBackend a = echo("ip-a");
        TestBackend b = echo("ip-b");
        serve(ruleBuilder("ip").backend("c", 1).loadBalancer(new LoadBalancer(LoadBalancer.Type.ConsistentHash,
                new LoadBalancer.HashOn(null, null, true))).build(), a.port(), b.port());
        String first = backendOf(gw.get("/x"));
        for (int i = 0; i < 10; i++) {
            assertThat(backendOf(gw.get("/x"))).isEqualTo(first);
        }
        assertThat(a.hits() + b.hits()).isEqualTo(11);
        assertThat(Math.min(a.hits(), b.hits())).isZero();
    }

    @Test
    void leastRequestAndRandomServeEveryEndpoint() {
        TestBackend a = echo("lr-a");
        TestBackend b = echo("lr-b");
        for (LoadBalancer.Type type : List.of(LoadBalancer.Type.LeastRequest, LoadBalancer.Type.Random)) {
            serve(ruleBuilder("lb").backend("c", 1).loadBalancer(new LoadBalancer(type, null)).build(),
                    a.port(), b.port());
            int before = a.hits() + b.hits();
            for (int i = 0; i < 40; i++) {
                assertThat(gw.get("/x").statusCode()).isEqualTo(200);
            }
            assertThat(a.hits() + b.hits() - before).isEqualTo(40);
        }
        assertThat(a.hits()).isPositive();
        assertThat(b.hits()).isPositive();
    }

    @Test
    void failingEndpointIsEjectedThenComesBack() {
        TestBackend bad = failing("ej-bad", 500);
        TestBackend good = echo("ej-good");
        serve(ruleBuilder("ej").backend("c", 1).build(), bad.port(), good.port());
        double ejectedBefore = sample(gw.dataPlane.metrics().scrape(), EJECTIONS);
        for (int i = 0; i < 6; i++) {
            gw.get("/x");
        }
        assertThat(bad.hits()).isEqualTo(3);
        int badBefore = bad.hits();
        for (int i = 0; i < 10; i++) {
            assertThat(gw.get("/x").statusCode()).isEqualTo(200);
        }
        assertThat(bad.hits()).isEqualTo(badBefore);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
            gw.get("/x");
            return bad.hits() > badBefore;
        });
        assertThat(sample(gw.dataPlane.metrics().scrape(), EJECTIONS)).isGreaterThan(ejectedBefore);
    }

    @Test
    void theLastEndpointIsNeverEjected() {
        TestBackend only = failing("last", 500);
        serve(ruleBuilder("last").backend("c", 1).build(), only.port());
        for (int i = 0; i < 10; i++) {
            assertThat(gw.get("/x").statusCode()).isEqualTo(500);
        }
        assertThat(only.hits()).isEqualTo(10);
    }

    @Test
    void idempotentRequestsAreRetriedOnGatewayErrors() {
        TestBackend bad = failing("retry-bad", 503);
        TestBackend good = echo("retry-good");
        serve(ruleBuilder("retry").backend("c", 1).retries(new RetryPolicy(2, 0,
                List.of(RetryPolicy.Condition.GatewayError), List.of())).build(), bad.port(), good.port());
        for (int i = 0; i < 6; i++) {
            GatewayFixture.Response r = gw.get("/x");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(backendOf(r)).isEqualTo("retry-good");
        }
        assertThat(bad.hits()).isPositive();
        // each failed first try is retried once, on the good endpoint
        assertThat(sample(gw.dataPlane.metrics().scrape(), "portico_retries_total{rule=\"ns/r/retry\"}"))
                .isEqualTo(bad.hits());
    }

    @Test
    void requestsWithABodyAreNotRetriedOnceSent() {
        TestBackend bad = failing("post-bad", 503);
        TestBackend good = echo("post-good");
        serve(ruleBuilder("post").backend("c", 1).retries(new RetryPolicy(2, 0,
                List.of(RetryPolicy.Condition.GatewayError), List.of())).build(), bad.port(), good.port());
        int served503 = 0;
        for (int i = 0; i < 4; i++) {
            GatewayFixture.Response r = gw.send(HttpMethod.POST, "/x", Buffer.buffer("payload"));
            if (r.statusCode() == 503) {
                served503++;
            }
        }
        assertThat(served503).isEqualTo(bad.hits()).isPositive();
    }

    @Test
    void connectFailuresAreRetriedEvenForPostsBecauseNothingWasSent() {
        TestBackend good = echo("cf-good");
        serve(ruleBuilder("cf").backend("c", 1).retries(new RetryPolicy(1, 0,
                List.of(RetryPolicy.Condition.ConnectFailure), List.of())).build(), 1, good.port());
        for (int i = 0; i < 4; i++) {
            GatewayFixture.Response r = gw.send(HttpMethod.POST, "/x", Buffer.buffer("payload"));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"bodyLength\":7");
        }
    }

    @Test
    void perTryTimeoutMovesToAnotherEndpoint() {
        TestBackend slow = slow("pt-slow", 20_000);
        TestBackend fast = echo("pt-fast");
        // generous per-try budget: the machine running the tests may be busy; what matters is the move
        serve(ruleBuilder("pt").backend("c", 1).timeoutMs(10_000).retries(new RetryPolicy(1, 1_500,
                List.of(RetryPolicy.Condition.GatewayError), List.of())).build(), slow.port(), fast.port());
        for (int i = 0; i < 2; i++) {
            GatewayFixture.Response r = gw.get("/x");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(backendOf(r)).isEqualTo("pt-fast");
        }
        assertThat(slow.hits()).isEqualTo(1);
        assertThat(fast.hits()).isEqualTo(2);
    }

    @Test
    void perTryTimeoutWithoutRetriesIs504() {
        TestBackend slow = slow("pt-only", 3_000);
        serve(ruleBuilder("pt1").backend("c", 1).retries(new RetryPolicy(0, 200, List.of(), List.of())).build(),
                slow.port());
        GatewayFixture.Response r = gw.get("/x");
        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(r.body()).contains("\"error\":\"upstream_timeout\"");
    }

    @Test
    void overallTimeoutBoundsAllRetries() {
        TestBackend a = slow("ot-a", 3_000);
        TestBackend b = slow("ot-b", 3_000);
        serve(ruleBuilder("ot").backend("c", 1).timeoutMs(500).retries(new RetryPolicy(5, 300,
                List.of(RetryPolicy.Condition.GatewayError), List.of())).build(), a.port(), b.port());
        long t0 = System.nanoTime();
        GatewayFixture.Response r = gw.get("/x");
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(tookMs).isBetween(450L, 3_000L);
    }
}
