package dev.portico.dataplane.stream;

import dev.portico.dataplane.LogCapture;
import dev.portico.snapshot.BackendRef;
import dev.portico.snapshot.Cluster;
import dev.portico.snapshot.Delta;
import dev.portico.snapshot.Endpoint;
import dev.portico.snapshot.PathMatch;
import dev.portico.snapshot.Route;
import dev.portico.snapshot.RouteMatch;
import dev.portico.snapshot.Rule;
import dev.portico.snapshot.Snapshot;
import dev.portico.snapshot.stream.FrameCodec;
import dev.portico.snapshot.stream.StreamMessage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SelfSignedCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SnapshotStreamClientTest {

    private static final String TOKEN = "s3cret-token";

    @TempDir
    Path dir;

    private Vertx vertx;
    private StreamTestServer server;
    private SnapshotStreamClient client;
    private final List<Snapshot> applied = new CopyOnWriteArrayList<>();
    private volatile String refuseWith;

    @BeforeEach
    void startServer() throws Exception {
        vertx = Vertx.vertx();
        server = new StreamTestServer(vertx, TOKEN).start();
    }

    @AfterEach
    void stopAll() throws Exception {
        if (client != null) {
            client.stop().await(10, TimeUnit.SECONDS);
        }
        server.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void helloNamesNodeAndGatewayOverH2cWithBearerToken() throws Exception {
        startClient(TOKEN + "\n", Duration.ofMillis(100));

        StreamTestServer.Peer peer = awaitPeer(1);

        await().until(() -> peer.hello() != null);
        assertThat(peer.hello()).isEqualTo(new StreamMessage.Hello("node-a", "edge", 0, null, false));
        assertThat(server.attempts.get(0).authorization()).isEqualTo("Bearer " + TOKEN);
        assertThat(server.attempts.get(0).version()).isEqualTo(HttpVersion.HTTP_2);
        await().until(client::connected);
    }

    @Test
    void helloTellsTheOperatorThatThisDataPlaneSharesGlobalCounters() throws Exception {
        client = new SnapshotStreamClient(vertx, options(URI.create("http://127.0.0.1:" + server.port()), TOKEN,
                Duration.ofMillis(100)).withGlobalRateLimits(true), this::apply);
        client.start().await(10, TimeUnit.SECONDS);

        StreamTestServer.Peer peer = awaitPeer(1);

        await().until(() -> peer.hello() != null);
        assertThat(peer.hello()).isEqualTo(new StreamMessage.Hello("node-a", "edge", 0, null, true));
    }

    @Test
    void snapshotIsAppliedThenAcked() throws Exception {
        startClient(TOKEN, Duration.ofMillis(100));
        StreamTestServer.Peer peer = awaitPeer(1);
        Snapshot v1 = snapshot(1, "orders");

        peer.send(StreamMessage.SnapshotMessage.of(v1));

        await().until(() -> !peer.receivedOf(StreamMessage.Ack.class).isEmpty());
        assertThat(peer.receivedOf(StreamMessage.Ack.class))
                .containsExactly(new StreamMessage.Ack(1, v1.contentHash()));
        assertThat(applied).containsExactly(v1);
        assertThat(client.applied()).isEqualTo(v1);
    }

    @Test
    void deltaIsAppliedOnTheCurrentSnapshotThenAcked() throws Exception {
        startClient(TOKEN, Duration.ofMillis(100));
        StreamTestServer.Peer peer = awaitPeer(1);
        Snapshot v1 = snapshot(1, "orders");
        Snapshot v2 = snapshot(2, "orders", "users");

        peer.send(StreamMessage.SnapshotMessage.of(v1));
        peer.send(new StreamMessage.DeltaMessage(v1.diff(v2)));

        await().until(() -> peer.receivedOf(StreamMessage.Ack.class).size() == 2);
        assertThat(peer.receivedOf(StreamMessage.Ack.class).get(1))
                .isEqualTo(new StreamMessage.Ack(2, v2.contentHash()));
        assertThat(client.applied().routes()).extracting(Route::name).containsExactly("orders", "users");
        assertThat(client.applied().contentHash()).isEqualTo(v2.contentHash());
    }

    @Test
    void refusedSnapshotIsNackedWithTheErrorAndThePreviousOneStaysApplied() throws Exception {
        startClient(TOKEN, Duration.ofMillis(100));
        StreamTestServer.Peer peer = awaitPeer(1);
        Snapshot v1 = snapshot(1, "orders");
        peer.send(StreamMessage.SnapshotMessage.of(v1));
        await().until(() -> peer.receivedOf(StreamMessage.Ack.class).size() == 1);

        refuseWith = "route default/users rule 0: regex does not compile";
        peer.send(StreamMessage.SnapshotMessage.of(snapshot(2, "orders", "users")));

        await().until(() -> !peer.receivedOf(StreamMessage.Nack.class).isEmpty());
        assertThat(peer.receivedOf(StreamMessage.Nack.class))
                .containsExactly(new StreamMessage.Nack(2, "route default/users rule 0: regex does not compile"));
        assertThat(client.applied()).isEqualTo(v1);

        // The operator's next change is based on what was acked; it applies normally.
        refuseWith = null;
        Snapshot v3 = snapshot(3, "orders", "payments");
        peer.send(new StreamMessage.DeltaMessage(v1.diff(v3)));
        await().until(() -> peer.receivedOf(StreamMessage.Ack.class).size() == 2);
        assertThat(client.applied().contentHash()).isEqualTo(v3.contentHash());
        assertThat(server.peers).hasSize(1);
    }

    @Test
    void refusedDeltaIsFollowedByAFullSnapshotOnTheSameStreamWithoutReconnecting() throws Exception {
        startClient(TOKEN, Duration.ofMillis(100));
        StreamTestServer.Peer peer = awaitPeer(1);
        Snapshot v1 = snapshot(1, "orders");
        peer.send(StreamMessage.SnapshotMessage.of(v1));
        await().until(() -> peer.receivedOf(StreamMessage.Ack.class).size() == 1);

        Snapshot v3 = snapshot(3, "orders", "users");
        peer.send(new StreamMessage.DeltaMessage(snapshot(2, "orders").diff(v3)));
        await().until(() -> peer.receivedOf(StreamMessage.Nack.class).size() == 1);
        peer.send(StreamMessage.SnapshotMessage.of(v3));

        await().until(() -> peer.receivedOf(StreamMessage.Ack.class).size() == 2);
        assertThat(peer.receivedOf(StreamMessage.Ack.class).get(1))
                .isEqualTo(new StreamMessage.Ack(3, v3.contentHash()));
        // Well past the full-resend wait: the stream that delivered the snapshot is kept.
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> server.peers.size() == 1);
        assertThat(client.connected()).isTrue();
    }

    @Test
    void deltaOnAnUnknownBaseIsNackedAndAFullSnapshotRequested() throws Exception {
        startClient(TOKEN, Duration.ofMillis(100));
        StreamTestServer.Peer first = awaitPeer(1);
        Snapshot v1 = snapshot(1, "orders");
        first.send(StreamMessage.SnapshotMessage.of(v1));
        await().until(() -> first.receivedOf(StreamMessage.Ack.class).size() == 1);

        Snapshot v7 = snapshot(7, "orders", "users");
        first.send(new StreamMessage.DeltaMessage(snapshot(5, "orders").diff(v7)));

        await().until(() -> !first.receivedOf(StreamMessage.Nack.class).isEmpty());
        assertThat(first.receivedOf(StreamMessage.Nack.class).get(0).error())
                .isEqualTo("delta 5->7 cannot be applied: this data plane has version 1");
        StreamTestServer.Peer second = awaitPeer(2);
        await().until(() -> second.hello() != null);
        assertThat(second.hello()).isEqualTo(new StreamMessage.Hello("node-a", "edge", 0, null, false));
        assertThat(client.applied()).isEqualTo(v1);

        second.send(StreamMessage.SnapshotMessage.of(v7));
        await().until(() -> client.applied().version() == 7);
    }

    @Test
    void deltaWhoseResultHashDiffersIsNackedAndAFullSnapshotRequested() throws Exception {
        startClient(TOKEN, Duration.ofMillis(100));
        StreamTestServer.Peer first = awaitPeer(1);
        Snapshot v1 = snapshot(1, "orders");
        first.send(StreamMessage.SnapshotMessage.of(v1));
        await().until(() -> first.receivedOf(StreamMessage.Ack.class).size() == 1);

        Delta honest = v1.diff(snapshot(2, "orders", "users"));
        Delta lying = new Delta(1, 2, "0000", honest.routes(), honest.removedRoutes(), honest.clusters(),
                honest.removedClusters());
        first.send(new StreamMessage.DeltaMessage(lying));

        await().until(() -> !first.receivedOf(StreamMessage.Nack.class).isEmpty());
        assertThat(first.receivedOf(StreamMessage.Nack.class).get(0).error())
                .startsWith("delta 1->2 produces hash ").endsWith(" but the operator announced 0000");
        StreamTestServer.Peer second = awaitPeer(2);
        await().until(() -> second.hello() != null);
        assertThat(second.hello().lastVersion()).isZero();
        assertThat(applied).containsExactly(v1);
    }

    @Test
    void badTokenGets401AndRetriesWithBackoffNotATightLoop() throws Exception {
        // the refused stream is reset after its answer: part of the refusal, not an error for Vert.x to log
        List<java.util.logging.LogRecord> logged = logged(this::refusedWithBackoff);
        assertThat(logged).filteredOn(r -> r.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .isEmpty();
        // a refusal is no start-up wait: it warns at once
        assertThat(logged).filteredOn(r -> r.getLoggerName().equals(SnapshotStreamClient.class.getName())).first()
                .satisfies(r -> assertThat(r.getLevel()).isEqualTo(java.util.logging.Level.WARNING));
    }

    @Test
    void aDataPlaneStartedBeforeItsControlPlaneWaitsQuietlyAtFirst() throws Exception {
        server.kill(); // the sandbox boots data planes and operator at once
        List<java.util.logging.LogRecord> logged = logged(() -> {
            startClient(TOKEN, Duration.ofMillis(20));
            await().atMost(Duration.ofSeconds(5)).until(() -> client.connectAttempts() >= 5);
        });
        assertThat(logged).filteredOn(r -> r.getLoggerName().equals(SnapshotStreamClient.class.getName()))
                .hasSizeGreaterThanOrEqualTo(4).allSatisfy(r -> {
                    assertThat(r.getLevel()).isEqualTo(java.util.logging.Level.INFO);
                    assertThat(r.getMessage()).startsWith("waiting for the control plane at ");
                });
    }

    /** What every logger logged at INFO or above while {@code action} ran. */
    private static List<java.util.logging.LogRecord> logged(ThrowingRunnable action) throws Exception {
        try (LogCapture capture = LogCapture.start()) {
            action.run();
            return capture.records();
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private void refusedWithBackoff() throws Exception {
        startClient("wrong-token", Duration.ofMillis(50));

        await().atMost(Duration.ofSeconds(5)).until(() -> server.attempts.size() >= 3);
        assertThat(server.attempts).allSatisfy(a -> assertThat(a.status()).isEqualTo(401));
        // With a 50 ms floor doubling to a 400 ms ceiling, a second holds a handful of attempts, not hundreds.
        int before = server.attempts.size();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
                .until(() -> server.attempts.size() - before <= 12);
        assertThat(client.connected()).isFalse();
        assertThat(server.peers).isEmpty();
    }

    @Test
    void operatorDownKeepsTheLastSnapshotAndResumesFromItsVersion() throws Exception {
        startClient(TOKEN, Duration.ofMillis(50));
        StreamTestServer.Peer first = awaitPeer(1);
        Snapshot v4 = snapshot(4, "orders");
        first.send(StreamMessage.SnapshotMessage.of(v4));
        await().until(() -> first.receivedOf(StreamMessage.Ack.class).size() == 1);

        server.kill();
        await().until(() -> !client.connected());
        long attemptsWhenDown = client.connectAttempts();
        await().until(() -> client.connectAttempts() >= attemptsWhenDown + 2);
        assertThat(client.applied()).isEqualTo(v4);

        server.start();
        StreamTestServer.Peer second = awaitPeer(2);
        await().until(() -> second.hello() != null);
        assertThat(second.hello()).isEqualTo(new StreamMessage.Hello("node-a", "edge", 4, v4.contentHash(), false));
        await().until(client::connected);
        assertThat(applied).containsExactly(v4);
    }

    /** A Redis outage is sent when it begins and ends (not when it repeats), and after a reconnect's hello. */
    @Test
    void redisHealthIsSentWhenItChangesAndAgainAfterAReconnect() throws Exception {
        startClient(TOKEN, Duration.ofMillis(100));
        StreamTestServer.Peer first = awaitPeer(1);
        await().until(client::connected);

        client.redisHealth("Connection refused");
        client.redisHealth("Connection refused");
        client.redisHealth(null);
        client.redisHealth("Connection refused");
        await().until(() -> first.receivedOf(StreamMessage.RedisHealth.class).size() == 3);
        assertThat(first.receivedOf(StreamMessage.RedisHealth.class)).extracting(StreamMessage.RedisHealth::error)
                .containsExactly("Connection refused", null, "Connection refused");

        server.kill();
        await().until(() -> !client.connected());
        server.start();
        StreamTestServer.Peer second = awaitPeer(2);
        await().until(() -> second.received.size() == 2);
        assertThat(second.received.get(1)).isEqualTo(new StreamMessage.RedisHealth("Connection refused"));
    }

    /** A newer operator's message of a type this data plane does not know is passed over: the stream lives on. */
    @Test
    void aMessageOfAnUnknownTypeIsIgnoredAndTheStreamGoesOn() throws Exception {
        startClient(TOKEN, Duration.ofMillis(100));
        StreamTestServer.Peer peer = awaitPeer(1);
        peer.write(Buffer.buffer(FrameCodec.frame("{\"type\":\"from-the-future\",\"x\":1}".getBytes())));
        Snapshot v1 = snapshot(1, "orders");
        peer.send(StreamMessage.SnapshotMessage.of(v1));

        await().until(() -> peer.receivedOf(StreamMessage.Ack.class).size() == 1);
        assertThat(applied).containsExactly(v1);
        assertThat(server.attempts).hasSize(1);
    }

    /** Sent when it changes (not when it repeats), and after the hello of every reconnect while not empty. */
    @Test
    void jwksHealthIsSentWhenItChangesAndAgainAfterAReconnect() throws Exception {
        StreamMessage.JwksFailure down = new StreamMessage.JwksFailure("https://id.example/jwks.json", 0,
                "Connection refused");
        startClient(TOKEN, Duration.ofMillis(100));
        StreamTestServer.Peer first = awaitPeer(1);
        await().until(client::connected);

        client.jwksHealth(List.of(down));
        client.jwksHealth(List.of(down));
        client.jwksHealth(List.of());
        await().until(() -> first.receivedOf(StreamMessage.JwksHealth.class).size() == 2);
        client.jwksHealth(List.of(down));
        await().until(() -> first.receivedOf(StreamMessage.JwksHealth.class).size() == 3);
        assertThat(first.receivedOf(StreamMessage.JwksHealth.class)).containsExactly(
                new StreamMessage.JwksHealth(List.of(down)), new StreamMessage.JwksHealth(List.of()),
                new StreamMessage.JwksHealth(List.of(down)));

        server.kill();
        await().until(() -> !client.connected());
        server.start();
        StreamTestServer.Peer second = awaitPeer(2);
        await().until(() -> second.received.size() == 2);
        assertThat(second.received.get(0)).isInstanceOf(StreamMessage.Hello.class);
        assertThat(second.received.get(1)).isEqualTo(new StreamMessage.JwksHealth(List.of(down)));
    }

    @Test
    void framesSplitAcrossWritesAndPackedIntoOneWriteAreAllApplied() throws Exception {
        startClient(TOKEN, Duration.ofMillis(100));
        StreamTestServer.Peer peer = awaitPeer(1);
        Snapshot v1 = snapshot(1, "orders");
        Snapshot v2 = snapshot(2, "orders", "users");
        Snapshot v3 = snapshot(3, "users");

        byte[] first = FrameCodec.encode(StreamMessage.SnapshotMessage.of(v1));
        peer.write(Buffer.buffer(first).slice(0, 3).copy());
        // The rest of the header and body arrive later, in a separate DATA frame.
        vertx.setTimer(50, id -> peer.write(Buffer.buffer(first).slice(3, first.length).copy()));
        await().until(() -> peer.receivedOf(StreamMessage.Ack.class).size() == 1);

        Buffer packed = Buffer.buffer()
                .appendBytes(FrameCodec.encode(new StreamMessage.Heartbeat(System.currentTimeMillis(), 10_000)))
                .appendBytes(FrameCodec.encode(new StreamMessage.DeltaMessage(v1.diff(v2))))
                .appendBytes(FrameCodec.encode(new StreamMessage.DeltaMessage(v2.diff(v3))));
        peer.write(packed);

        await().until(() -> peer.receivedOf(StreamMessage.Ack.class).size() == 3);
        assertThat(peer.receivedOf(StreamMessage.Ack.class)).extracting(StreamMessage.Ack::version)
                .containsExactly(1L, 2L, 3L);
        assertThat(applied).extracting(Snapshot::version).containsExactly(1L, 2L, 3L);
        assertThat(client.applied().contentHash()).isEqualTo(v3.contentHash());
    }

    @Test
    void missedHeartbeatsEndTheStreamAndTheClientReconnects() throws Exception {
        startClient(TOKEN, Duration.ofMillis(50));
        StreamTestServer.Peer first = awaitPeer(1);
        Snapshot v1 = snapshot(1, "orders");
        first.send(StreamMessage.SnapshotMessage.of(v1));
        first.send(new StreamMessage.Heartbeat(System.currentTimeMillis(), 100));

        // The server stays up but goes silent: after 3 × 100 ms the client gives up on this stream.
        StreamTestServer.Peer second = awaitPeer(2);
        await().until(() -> second.hello() != null);
        assertThat(second.hello()).isEqualTo(new StreamMessage.Hello("node-a", "edge", 1, v1.contentHash(), false));
        await().until(() -> first.ended);
    }

    @Test
    void tlsStreamNegotiatesHttp2AndTrustsTheGivenCertificate() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
        try (StreamTestServer tlsServer = new StreamTestServer(vertx, TOKEN, certificate).start()) {
            StreamClientOptions options = options(URI.create("https://localhost:" + tlsServer.port()), TOKEN,
                    Duration.ofMillis(100)).withCaFile(Path.of(certificate.certificatePath()));
            client = new SnapshotStreamClient(vertx, options, this::apply);
            client.start().await(10, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(10)).until(() -> tlsServer.peers.size() == 1);
            StreamTestServer.Peer peer = tlsServer.lastPeer();
            Snapshot v1 = snapshot(1, "orders");
            peer.send(StreamMessage.SnapshotMessage.of(v1));

            await().until(() -> peer.receivedOf(StreamMessage.Ack.class).size() == 1);
            assertThat(tlsServer.attempts.get(0).version()).isEqualTo(HttpVersion.HTTP_2);
            assertThat(client.applied()).isEqualTo(v1);
            client.stop().await(10, TimeUnit.SECONDS);
            client = null;
        } finally {
            certificate.delete();
        }
    }

    private void startClient(String tokenFileContent, Duration initialBackoff) throws Exception {
        StreamClientOptions options = options(URI.create("http://127.0.0.1:" + server.port()), tokenFileContent,
                initialBackoff);
        client = new SnapshotStreamClient(vertx, options, this::apply);
        client.start().await(10, TimeUnit.SECONDS);
    }

    private StreamClientOptions options(URI controlPlane, String tokenFileContent, Duration initialBackoff)
            throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), tokenFileContent);
        return StreamClientOptions.of(controlPlane, tokenFile, "edge", "node-a")
                .withBackoff(initialBackoff, initialBackoff.multipliedBy(8))
                .withFullResendWait(Duration.ofMillis(300));
    }

    private Future<Void> apply(Snapshot snapshot) {
        String refusal = refuseWith;
        if (refusal != null) {
            return Future.failedFuture(refusal);
        }
        applied.add(snapshot);
        return Future.succeededFuture();
    }

    private StreamTestServer.Peer awaitPeer(int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> server.peers.size() >= count);
        return server.peers.get(count - 1);
    }

    private static Snapshot snapshot(long version, String... services) {
        List<Route> routes = java.util.Arrays.stream(services).map(svc -> new Route("default", svc, 1,
                "2026-01-01T00:00:00Z", List.of("shop.example.com"), null,
                List.of(new Rule(null, 0, List.of(RouteMatch.path(PathMatch.prefix("/" + svc))),
                        List.of(new BackendRef(Cluster.nameOf("default", svc, 80), 1)), null, null, null, null,
                        0, null, null, List.of(), 0)))).toList();
        List<Cluster> clusters = java.util.Arrays.stream(services).map(svc -> new Cluster(
                Cluster.nameOf("default", svc, 80), "default", svc, 80, true,
                List.of(new Endpoint("10.0.0." + svc.length(), 8080)))).toList();
        return new Snapshot("edge", version, routes, clusters);
    }
}
