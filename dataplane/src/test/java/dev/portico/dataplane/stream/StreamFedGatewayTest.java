package dev.portico.dataplane.stream;

import dev.portico.dataplane.DataPlane;
import dev.portico.dataplane.GatewayOptions;
import dev.portico.dataplane.TestBackend;
import dev.portico.snapshot.BackendRef;
import dev.portico.snapshot.Cluster;
import dev.portico.snapshot.Endpoint;
import dev.portico.snapshot.HeaderModifier;
import dev.portico.snapshot.PathMatch;
import dev.portico.snapshot.Route;
import dev.portico.snapshot.RouteMatch;
import dev.portico.snapshot.Rule;
import dev.portico.snapshot.Snapshot;
import dev.portico.snapshot.stream.StreamMessage;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The stream client feeding a real data plane: what the operator sends is what the gateway serves. */
class StreamFedGatewayTest {

    private static final String TOKEN = "gateway-token";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Vertx vertx;
    private StreamTestServer operator;
    private TestBackend backend;
    private DataPlane dataPlane;
    private SnapshotStreamClient client;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        operator = new StreamTestServer(vertx, TOKEN).start();
        backend = TestBackend.echo(vertx, "orders");
        dataPlane = DataPlane.start(vertx, GatewayOptions.defaults().withHost("127.0.0.1").withPort(0)
                .withInstances(1), 0).await(30, TimeUnit.SECONDS);
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN);
        client = new SnapshotStreamClient(vertx, StreamClientOptions.of(
                URI.create("http://127.0.0.1:" + operator.port()), tokenFile, "default", "dp-1")
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(400)), dataPlane.applier()::apply);
        client.start().await(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        client.stop().await(10, TimeUnit.SECONDS);
        dataPlane.shutdown().await(30, TimeUnit.SECONDS);
        backend.close();
        operator.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void streamedSnapshotMakesTheGatewayReadyAndRoutesTraffic() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> operator.peers.size() == 1);
        assertThat(status("http://127.0.0.1:" + dataPlane.adminPort() + "/readyz")).isEqualTo(503);

        StreamTestServer.Peer peer = operator.lastPeer();
        Snapshot v1 = snapshot(1, PathMatch.prefix("/orders"));
        peer.send(StreamMessage.SnapshotMessage.of(v1));

        await().until(() -> peer.receivedOf(StreamMessage.Ack.class).size() == 1);
        assertThat(status("http://127.0.0.1:" + dataPlane.adminPort() + "/readyz")).isEqualTo(200);
        HttpResponse<String> routed = get("/orders/42");
        assertThat(routed.statusCode()).isEqualTo(200);
        assertThat(routed.headers().firstValue("x-backend")).hasValue("orders");
    }

    @Test
    void snapshotTheRouterRefusesIsNackedWithItsReasonAndTheOldRoutesKeepServing() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> operator.peers.size() == 1);
        StreamTestServer.Peer peer = operator.lastPeer();
        peer.send(StreamMessage.SnapshotMessage.of(snapshot(1, PathMatch.prefix("/orders"))));
        await().until(() -> peer.receivedOf(StreamMessage.Ack.class).size() == 1);

        peer.send(StreamMessage.SnapshotMessage.of(
                snapshot(2, new PathMatch(PathMatch.Type.RegularExpression, "/orders/(unclosed"))));

        await().until(() -> peer.receivedOf(StreamMessage.Nack.class).size() == 1);
        StreamMessage.Nack nack = peer.receivedOf(StreamMessage.Nack.class).get(0);
        assertThat(nack.version()).isEqualTo(2);
        assertThat(nack.error()).contains("shop/orders").contains("invalid regular expression");
        assertThat(get("/orders/42").statusCode()).isEqualTo(200);
        assertThat(client.applied().version()).isEqualTo(1);
    }

    @Test
    void headerValueWithALineBreakIsNackedNamingTheFieldAndTheOldRoutesKeepServing() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> operator.peers.size() == 1);
        StreamTestServer.Peer peer = operator.lastPeer();
        peer.send(StreamMessage.SnapshotMessage.of(snapshot(1, PathMatch.prefix("/orders"))));
        await().until(() -> peer.receivedOf(StreamMessage.Ack.class).size() == 1);

        peer.send(StreamMessage.SnapshotMessage.of(snapshot(2, PathMatch.prefix("/orders"),
                new HeaderModifier(List.of(new HeaderModifier.Header("X-A", "a\r\nX-Injected: 1")), List.of(),
                        List.of()))));

        await().until(() -> peer.receivedOf(StreamMessage.Nack.class).size() == 1);
        StreamMessage.Nack nack = peer.receivedOf(StreamMessage.Nack.class).get(0);
        assertThat(nack.version()).isEqualTo(2);
        assertThat(nack.error()).contains("route shop/orders rule 0: requestHeaders.set[0].value (X-A)")
                .contains("is not an HTTP field value").doesNotContain("\r", "\n");
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> served = get("/orders/42");
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(served.headers().firstValue("x-backend")).hasValue("orders");
        }
        assertThat(client.applied().version()).isEqualTo(1);
    }

    @Test
    void gatewayKeepsServingWhileTheOperatorIsDown() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> operator.peers.size() == 1);
        StreamTestServer.Peer peer = operator.lastPeer();
        peer.send(StreamMessage.SnapshotMessage.of(snapshot(1, PathMatch.prefix("/orders"))));
        await().until(() -> peer.receivedOf(StreamMessage.Ack.class).size() == 1);

        operator.kill();
        await().until(() -> !client.connected());

        assertThat(get("/orders/7").statusCode()).isEqualTo(200);
        assertThat(status("http://127.0.0.1:" + dataPlane.adminPort() + "/readyz")).isEqualTo(200);
    }

    private Snapshot snapshot(long version, PathMatch path) {
        return snapshot(version, path, null);
    }

    private Snapshot snapshot(long version, PathMatch path, HeaderModifier requestHeaders) {
        String cluster = Cluster.nameOf("shop", "orders", 80);
        Route route = new Route("shop", "orders", 1, "2026-01-01T00:00:00Z", List.of(), null,
                List.of(new Rule(null, 0, List.of(RouteMatch.path(path)), List.of(new BackendRef(cluster, 1)), null,
                        null, requestHeaders, null, 0, null, null, List.of(), 0)));
        return new Snapshot("default", version, List.of(route), List.of(new Cluster(cluster, "shop", "orders", 80,
                true, List.of(new Endpoint("127.0.0.1", backend.port())))));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dataPlane.port() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private int status(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
