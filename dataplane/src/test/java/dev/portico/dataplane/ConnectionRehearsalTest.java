package dev.portico.dataplane;

import static dev.portico.dataplane.Snapshots.cluster;
import static dev.portico.dataplane.Snapshots.route;
import static dev.portico.dataplane.Snapshots.ruleBuilder;
import static dev.portico.dataplane.Snapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.portico.snapshot.PathMatch;
import dev.portico.snapshot.RouteMatch;
import io.vertx.core.Future;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The start-up connection rehearsal: readiness waits for it, and it leaves nothing behind. */
class ConnectionRehearsalTest {
    @Test
    void readinessWaitsForTheRehearsalWhichLeavesNoConnectionOrRequestBehind() throws Exception {
        try (GatewayFixture gw = new GatewayFixture()) {
            TestBackend echo = gw.own(TestBackend.echo(gw.vertx, "echo"));
            gw.apply(snapshot(1, List.of(route("shop", "open", "2024-01-01T00:00:00Z", List.of(),
                    ruleBuilder("open").matches(RouteMatch.path(PathMatch.prefix("/shop"))).backend("c", 1).build())),
                    List.of(cluster("c", echo.port()))));
            assertThat(gw.admin("/readyz").statusCode()).isEqualTo(200);

            Future<Integer> rehearsal = gw.dataPlane.warmUp(3_000);
            GatewayFixture.Response during = gw.admin("/readyz");
            assertThat(during.statusCode()).isEqualTo(503);
            assertThat(during.body()).contains("warming up");

            assertThat(rehearsal.await(60, TimeUnit.SECONDS)).isEqualTo(3_000);
            assertThat(gw.dataPlane.warmingUp()).isFalse();
            assertThat(gw.admin("/readyz").statusCode()).isEqualTo(200);
            assertThat(gw.get("/shop/x").statusCode()).isEqualTo(200);
            // the one request above is the only one counted; of the connections only the test client's is open
            await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> {
                String metrics = gw.admin("/metrics").body();
                assertThat(sum(metrics, "portico_requests_total{")).isEqualTo(1.0);
                assertThat(sum(metrics, "portico_active_connections ")).isLessThanOrEqualTo(1.0);
            });
        }
    }

    /** The sum of the values of the Prometheus samples whose lines start with {@code prefix}. */
    private static double sum(String metrics, String prefix) {
        return metrics.lines().filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void noRehearsalIsAskedForWithZero() {
        try (GatewayFixture gw = new GatewayFixture()) {
            assertThat(gw.dataPlane.warmUp(0).result()).isZero();
            assertThat(gw.dataPlane.warmingUp()).isFalse();
        }
    }

    @Test
    void aRefusedConnectionStopsTheRehearsalAndSaysWhich() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        InetSocketAddress nobody = new InetSocketAddress(InetAddress.getLoopbackAddress(), closedPort);
        assertThatThrownBy(() -> ConnectionRehearsal.run(nobody, 10))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("connection 1 of the start-up rehearsal: Connection refused");
    }
}
