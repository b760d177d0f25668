package dev.portico.dataplane.admin;

import static dev.portico.dataplane.Snapshots.cluster;
import static dev.portico.dataplane.Snapshots.route;
import static dev.portico.dataplane.Snapshots.ruleBuilder;
import static dev.portico.dataplane.Snapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portico.dataplane.GatewayFixture;
import dev.portico.dataplane.TestBackend;
import dev.portico.snapshot.PathMatch;
import dev.portico.snapshot.RouteMatch;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The start-up delta rehearsal runs once the first real snapshot is served, and leaves no trace: no made-up
 * route in /config or /metrics, the made-up paths are not routed, readiness still waits for a real snapshot.
 */
class DeltaRehearsalTest {
    private static final String REHEARSAL_NAMESPACE = "portico-delta-rehearsal";


    @Test
    void theStartupRehearsalRunsDeltasThatNothingServesOrShows() throws Exception {
        try (GatewayFixture gw = new GatewayFixture()) {
            assertThat(gw.dataPlane.rehearsal().isComplete()).isFalse(); // it waits for the first real snapshot
            assertThat(gw.dataPlane.applier().hasSnapshot()).isFalse();
            assertThat(gw.admin("/readyz").statusCode()).isEqualTo(503);
            assertThat(gw.get("/rehearsal-0-1/x").statusCode()).isEqualTo(503);

            TestBackend echo = gw.own(TestBackend.echo(gw.vertx, "echo"));
            gw.apply(snapshot(3, List.of(route("shop", "open", "2024-01-01T00:00:00Z", List.of(),
                    ruleBuilder("open").matches(RouteMatch.path(PathMatch.prefix("/shop"))).backend("c", 1).build())), List.of(cluster("c", echo.port()))));
            assertThat(gw.admin("/readyz").statusCode()).isEqualTo(200);
            int rehearsed = gw.dataPlane.rehearsal().await(20, TimeUnit.SECONDS);
            assertThat(rehearsed).isPositive();
            assertThat(gw.admin("/config").body()).contains("\"version\" : 3").contains("shop")
                    .doesNotContain(REHEARSAL_NAMESPACE).doesNotContain("rehearsal-");
            assertThat(gw.get("/shop/x").statusCode()).isEqualTo(200);
            assertThat(gw.get("/rehearsal-0-1/x").statusCode()).isEqualTo(404);
            await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> assertThat(gw.admin("/metrics").body())
                    .contains("portico_snapshot_version 3.0").doesNotContain(REHEARSAL_NAMESPACE));
        }
    }
}
