package dev.portico.dataplane.ratelimit;

import static dev.portico.dataplane.ratelimit.LimitedGateway.rule;
import static dev.portico.dataplane.ratelimit.Limits.global;
import static dev.portico.dataplane.ratelimit.Limits.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portico.dataplane.LogCapture;
import dev.portico.snapshot.RateLimit;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Global limits against a real redis-server this test starts (and stops, to play an outage). */
class GlobalRateLimitTest {
    private static final RateLimit.Key ROUTE = key(RateLimit.Key.Type.Route);
    private static RedisServer redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    /** A timeout no overloaded CI machine reaches: these tests are about counting, not about slowness. */
    private static RateLimitOptions roomy() {
        return RateLimitOptions.defaults().withRedis(redis.url()).withRedisTimeoutMs(2_000);
    }

    /** Acceptance 2: two data planes, one Redis, one key, 30 s of concurrent load. */
    @Test
    void twoDataPlanesSharingRedisAdmitWithinOnePercentOfTheLimit() throws Exception {
        RateLimitOptions options = roomy();
        Vertx clients = Vertx.vertx();
        try (LimitedGateway a = new LimitedGateway(options); LimitedGateway b = new LimitedGateway(options)) {
            for (LimitedGateway gw : List.of(a, b)) {
                gw.serve(rule("warm", 0, "/warm", global("shop/warm", 1_000_000_000, 1_000,
                                RateLimit.FailureMode.Closed, ROUTE)),
                        // 100 a second as 1,000 per 10 s: a stall of the (busy, shared) test machine shorter than
                        // 10 s cannot let the bucket overflow, so the count measures the limiter, not the load
                        rule("shared", 1, "/", global("shop/shared", 1_000, 10_000, RateLimit.FailureMode.Closed,
                                ROUTE)));
            }
            LoadClients.Result result = LoadClients.run(clients, List.of(a.port(), b.port()), 2, Duration.ofSeconds(1),
                    "/warm", Duration.ofSeconds(30), Duration.ofMillis(4), "/shared");
            int admitted = result.count(200);
            double expected = 1_000 + 100 * result.elapsedSeconds(); // requests + requests × elapsed / period
            System.out.printf("global: %d admitted, %d refused, %d unavailable, %d errors in %.3f s; expected %.1f%n",
                    admitted, result.count(429), result.count(503), result.errors(), result.elapsedSeconds(), expected);
            assertThat(result.count(503)).as("Redis answered every decision in time").isZero();
            assertThat(result.count(429)).as("the load went well past the limit").isGreaterThan(admitted);
            assertThat(Math.abs(admitted - expected)).isLessThanOrEqualTo(expected / 100);
            double counted = a.counter("portico_ratelimit_requests", "policy", "shop/shared", "result", "admitted")
                    + b.counter("portico_ratelimit_requests", "policy", "shop/shared", "result", "admitted");
            assertThat(counted).isEqualTo(admitted);
        } finally {
            clients.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void countersLiveInRedisOnlyUntilTheirBucketIsFull() {
        try (LimitedGateway gw = new LimitedGateway(roomy())) {
            gw.serve(rule("ttl", 0, "/", global("shop/ttl", 10, 60_000, RateLimit.FailureMode.Closed,
                    new RateLimit.Key(RateLimit.Key.Type.Header, "X-Tenant"))));
            LimitedGateway.Response r = gw.get("/", "X-Tenant", "acme");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("RateLimit-Limit")).isEqualTo("10");
            assertThat(r.header("RateLimit-Remaining")).isEqualTo("9");
            assertThat(r.header("RateLimit-Reset")).isEqualTo("6");
            String ttl = redis.command("PTTL", "portico:rl:shop/ttl:shared:acme");
            long ms = Long.parseLong(ttl.substring(1).trim());
            assertThat(ms).as("one request's worth of the 60 s period").isBetween(5_000L, 6_001L);
            redis.command("SCRIPT", "FLUSH");
            assertThat(gw.admitted(12, "/", "X-Tenant", "acme")).as("NOSCRIPT falls back to EVAL").isEqualTo(9);
            LimitedGateway.Response refused = gw.get("/", "X-Tenant", "acme");
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.header("Retry-After")).isEqualTo("6");
        }
    }

    @Test
    void whenRedisIsDownOpenLetsTrafficThroughClosedAnswers503AndLimitingResumesWhenItReturns() {
        try (LimitedGateway gw = new LimitedGateway(roomy()); // a stopped Redis refuses at once: no wait
                LogCapture log = LogCapture.start()) {
            List<String> health = new java.util.concurrent.CopyOnWriteArrayList<>(); // what the operator is sent
            gw.limits.reportRedisHealth(error -> health.add(String.valueOf(error)));

            gw.serve(rule("open", 0, "/open", global("shop/open", 5, 60_000, RateLimit.FailureMode.Open, ROUTE)),
                    rule("closed", 1, "/closed", global("shop/closed", 5, 60_000, RateLimit.FailureMode.Closed,
                            ROUTE)));
            assertThat(gw.admitted(7, "/open")).isEqualTo(5);
            assertThat(gw.admitted(7, "/closed")).isEqualTo(5);

            double failuresBefore = gw.counter("portico_ratelimit_redis_failures", "policy", "shop/open",
                    "failure_mode", "Open");
            redis.stopProcess();
            try {
                assertThat(gw.admitted(20, "/open")).as("Open: let through").isEqualTo(20);
                assertThat(gw.counter("portico_ratelimit_redis_failures", "policy", "shop/open", "failure_mode", "Open"))
                        .isEqualTo(failuresBefore + 20);
                LimitedGateway.Response closed = gw.get("/closed");
                assertThat(closed.status()).isEqualTo(503);
                assertThat(new JsonObject(closed.body()).getString("error")).isEqualTo("rate_limit_unavailable");
                assertThat(closed.body()).contains("shop/closed", "Closed");
                assertThat(log.from(RedisBuckets.class)).as("the outage's start, once for its 21 failed decisions")
                        .singleElement().satisfies(r -> {
                            assertThat(r.getLevel()).isEqualTo(java.util.logging.Level.WARNING);
                            assertThat(r.getMessage()).startsWith("Redis at " + redis.url() + " failed")
                                    .contains("failureMode decides");
                        });
                assertThat(health).as("the outage's start, once").singleElement()
                        .satisfies(error -> assertThat(error).isNotEqualTo("null"));
            } finally {
                redis.startProcess(); // a fresh, empty Redis on the same port
            }
            // its end is seen by a probe, before any request needs a decision
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(health).hasSize(2).last()
                    .isEqualTo("null"));

            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                    assertThat(gw.get("/closed").status()).isEqualTo(200));
            assertThat(gw.admitted(10, "/closed")).as("the fresh counter: 5 in all, one was used above")
                    .isEqualTo(4);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(gw.get("/open").status()).as("Open limits again too").isEqualTo(429));
            assertThat(log.from(RedisBuckets.class)).extracting(r -> r.getMessage())
                    .containsExactly(log.from(RedisBuckets.class).get(0).getMessage(),
                            "Redis at " + redis.url() + " answers again: Global rate limits count there");
        }
    }

    @Test
    void aRedisThatStopsAnsweringIsDecidedByFailureModeWithinTheTimeout() {
        RateLimitOptions options = RateLimitOptions.defaults().withRedis(redis.url()).withRedisTimeoutMs(200);
        try (LimitedGateway gw = new LimitedGateway(options)) {
            gw.serve(rule("open", 0, "/open", global("shop/slow-open", 1_000, 60_000, RateLimit.FailureMode.Open,
                            ROUTE)),
                    rule("closed", 1, "/closed", global("shop/slow-closed", 1_000, 60_000,
                            RateLimit.FailureMode.Closed, ROUTE)));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(gw.get("/closed").status()).isEqualTo(200));
            redis.freeze();
            try {
                long start = System.nanoTime();
                LimitedGateway.Response closed = gw.get("/closed");
                long tookMs = (System.nanoTime() - start) / 1_000_000;
                assertThat(closed.status()).isEqualTo(503);
                assertThat(tookMs).as("decided by the timeout, not by TCP").isLessThan(5_000);
                assertThat(gw.get("/open").status()).isEqualTo(200);
                assertThat(gw.counter("portico_ratelimit_redis_failures", "policy", "shop/slow-open")).isPositive();
            } finally {
                redis.thaw();
            }
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                    assertThat(gw.get("/closed").status()).isEqualTo(200));
        }
    }
}
