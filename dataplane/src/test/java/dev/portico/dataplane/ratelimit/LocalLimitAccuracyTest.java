package dev.portico.dataplane.ratelimit;

import static dev.portico.dataplane.ratelimit.LimitedGateway.rule;
import static dev.portico.dataplane.ratelimit.Limits.key;
import static dev.portico.dataplane.ratelimit.Limits.local;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.snapshot.RateLimit;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 1: 100 per 10 s, burst 0, eight concurrent clients for 10 s through a real data plane serving
 * on two event loops (the bucket is shared by both) with a real backend: the admitted count is what the
 * bucket allows over the measured time, within ±2.
 */
class LocalLimitAccuracyTest {

    @Test
    void eightConcurrentClientsGetExactlyWhatTheBucketAllows() throws Exception {
        Vertx clients = Vertx.vertx();
        try (LimitedGateway gw = new LimitedGateway(RateLimitOptions.defaults(), 0, 2, v -> List.of())) {
            gw.serve(rule("warm", 0, "/warm", local("warm", 1_000_000_000, 1_000, 0, key(RateLimit.Key.Type.Route))),
                    rule("limited", 1, "/", local("per-ip", 100, 10_000, 0, key(RateLimit.Key.Type.ClientIP))));
            LoadClients.Result result = LoadClients.run(clients, List.of(gw.port()), 8, Duration.ofSeconds(1),
                    "/warm", Duration.ofSeconds(10), Duration.ZERO, "/load");
            int admitted = result.count(200);
            double elapsed = result.elapsedSeconds();
            double expected = 100 + 10 * elapsed;
            System.out.printf("local: %d admitted, %d refused, %d errors in %.3f s; expected %.1f%n", admitted,
                    result.count(429), result.errors(), elapsed, expected);
            assertThat(result.errors()).isZero();
            assertThat(result.count(429)).as("the clients pushed well past the limit").isGreaterThan(admitted);
            assertThat((double) admitted).isCloseTo(expected, org.assertj.core.data.Offset.offset(2.0));
            assertThat(gw.counter("portico_ratelimit_requests", "policy", "shop/policy", "limit", "per-ip",
                    "result", "admitted")).isEqualTo(admitted);
            assertThat(gw.counter("portico_ratelimit_requests", "policy", "shop/policy", "limit", "per-ip",
                    "result", "limited")).isEqualTo(result.count(429));
        } finally {
            clients.close().await(10, TimeUnit.SECONDS);
        }
    }
}
