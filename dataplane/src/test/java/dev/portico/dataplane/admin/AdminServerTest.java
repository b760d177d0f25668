package dev.portico.dataplane.admin;

import static dev.portico.dataplane.Snapshots.cluster;
import static dev.portico.dataplane.Snapshots.route;
import static dev.portico.dataplane.Snapshots.ruleBuilder;
import static dev.portico.dataplane.Snapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portico.dataplane.GatewayFixture;
import dev.portico.dataplane.TestBackend;
import dev.portico.snapshot.ApiKeyAuth;
import dev.portico.snapshot.Auth;
import dev.portico.snapshot.JwtAuth;
import dev.portico.snapshot.Route;
import io.vertx.core.Future;
import io.vertx.core.http.RequestOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AdminServerTest {
    private static final String SECRET_JWKS = "{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0LWhtYWMta2V5\"}]}";
    private static final String KEY_HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";


    @Test
    void readinessWaitsForTheFirstSnapshotAndConfigRedactsSecrets() throws Exception {
        try (GatewayFixture gw = new GatewayFixture()) {
            TestBackend echo = gw.own(TestBackend.echo(gw.vertx, "echo"));
            assertThat(gw.admin("/healthz").statusCode()).isEqualTo(200);
            assertThat(gw.admin("/readyz").statusCode()).isEqualTo(503);
            assertThat(gw.get("/x").statusCode()).isEqualTo(503);
            Route secured = new Route("shop", "secure", 1, "2024-01-01T00:00:00Z", List.of(),
                    new Auth(new JwtAuth("https://id", List.of(), SECRET_JWKS, null, List.of(), false),
                            new ApiKeyAuth(ApiKeyAuth.In.Header, "X-Api-Key",
                                    List.of(new ApiKeyAuth.Client("alice", KEY_HASH)))),
                    List.of(ruleBuilder("all").backend("c", 1).build()));
            gw.apply(snapshot(7, List.of(secured, route("shop", "open", "2024-01-01T00:00:00Z", List.of("open.example"),
                    ruleBuilder("open").backend("c", 1).build())), List.of(cluster("c", echo.port()))));
            assertThat(gw.admin("/readyz").statusCode()).isEqualTo(200);
            String config = gw.admin("/config").body();
            assertThat(config).contains("\"version\" : 7").contains("alice").contains("<redacted>")
                    .doesNotContain(KEY_HASH).doesNotContain("c2VjcmV0LWhtYWMta2V5");
            gw.get("/x", "Host", "open.example");
            // the count is taken when the response has been written, which may be just after the client read it
            await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> assertThat(gw.admin("/metrics").body())
                    .contains("portico_snapshot_version 7.0")
                    .contains("portico_requests_total{route=\"shop/open\",rule=\"open\",status_class=\"2xx\"} 1.0")
                    .contains("portico_upstream_latency_seconds_bucket")
                    .contains("portico_active_connections"));
        }
    }

    @Test
    void shutdownTurnsReadinessOffAndDrainsRequestsInFlight() throws Exception {
        try (GatewayFixture gw = new GatewayFixture()) {
            TestBackend slow = gw.own(TestBackend.start(gw.vertx, "slow",
                    req -> gw.vertx.setTimer(800, t -> req.response().end("done"))));
            gw.apply(snapshot(1, List.of(route("ns", "r", "2024-01-01T00:00:00Z", List.of(),
                    ruleBuilder("slow").backend("c", 1).build())), List.of(cluster("c", slow.port()))));
            Future<String> inFlight = gw.client().request(new RequestOptions().setHost("127.0.0.1")
                    .setPort(gw.port()).setURI("/slow")).compose(req -> req.send()
                            .compose(res -> res.body().map(b -> res.statusCode() + " " + b)));
            await().atMost(5, TimeUnit.SECONDS).until(() -> slow.hits() == 1);
            Future<Void> shutdown = gw.dataPlane.shutdown();
            assertThat(gw.admin("/readyz").statusCode()).isEqualTo(503);
            assertThat(inFlight.await(10, TimeUnit.SECONDS)).isEqualTo("200 done");
            shutdown.await(10, TimeUnit.SECONDS);
        }
    }
}
