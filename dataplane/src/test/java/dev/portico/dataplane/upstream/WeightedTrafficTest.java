package dev.portico.dataplane.upstream;

import static dev.portico.dataplane.Snapshots.cluster;
import static dev.portico.dataplane.Snapshots.route;
import static dev.portico.dataplane.Snapshots.ruleBuilder;
import static dev.portico.dataplane.Snapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.dataplane.GatewayFixture;
import dev.portico.dataplane.TestBackend;
import io.vertx.core.http.RequestOptions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Weighted backends over HTTP: 10,000 requests split 90/10 within ±3 percentage points. */
class WeightedTrafficTest {
    private static final int REQUESTS = 10_000;

    @Test
    void weightsSplitTenThousandProxiedRequestsWithinThreePercent() throws Exception {
        try (GatewayFixture gw = new GatewayFixture()) {
            TestBackend big = gw.own(TestBackend.status(gw.vertx, "big", 200));
            TestBackend small = gw.own(TestBackend.status(gw.vertx, "small", 200));
            gw.apply(snapshot(1, List.of(route("ns", "split", "2024-01-01T00:00:00Z", List.of(),
                    ruleBuilder("split").backend("big", 90).backend("small", 10).build())),
                    List.of(cluster("big", big.port()), cluster("small", small.port()))));
            AtomicInteger issued = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            CompletableFuture<?>[] loops = new CompletableFuture<?>[32];
            for (int i = 0; i < loops.length; i++) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                loops[i] = done;
                gw.vertx.runOnContext(v -> next(gw, issued, failed, done));
            }
            CompletableFuture.allOf(loops).get(60, TimeUnit.SECONDS);
            assertThat(failed.get()).isZero();
            assertThat(big.hits() + small.hits()).isEqualTo(REQUESTS);
            assertThat(small.hits()).isBetween(700, 1_300);
            assertThat(big.hits()).isBetween(8_700, 9_300);
        }
    }

    private static void next(GatewayFixture gw, AtomicInteger issued, AtomicInteger failed, CompletableFuture<Void> done) {
        if (issued.incrementAndGet() > REQUESTS) {
            done.complete(null);
            return;
        }
        gw.client().request(new RequestOptions().setHost("127.0.0.1").setPort(gw.port()).setURI("/w"))
                .compose(req -> req.send().compose(res -> res.body().map(b -> res.statusCode())))
                .onComplete(ar -> {
                    if (ar.failed() || ar.result() != 200) {
                        failed.incrementAndGet();
                    }
                    next(gw, issued, failed, done);
                });
    }
}
