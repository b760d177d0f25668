package dev.portico.operator.stream;

import dev.portico.snapshot.Snapshot;
import dev.portico.snapshot.stream.StreamMessage;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SnapshotStreamServerTest {
    private static final String TOKEN = "s3cret-stream-token";
    private static final Duration WAIT = Duration.ofSeconds(5);

    private Vertx vertx;
    private final io.micrometer.core.instrument.MeterRegistry registry =
            new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    private SnapshotPublisher publisher;
    private SnapshotStreamServer server;
    private int port;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        publisher = new SnapshotPublisher(Clock.systemUTC(), 8);
        server = startServer(Duration.ofMillis(10));
    }

    private SnapshotStreamServer startServer(Duration debounce) throws Exception {
        SnapshotStreamServer s = new SnapshotStreamServer(vertx, publisher,
                StreamServerOptions.of("127.0.0.1", 0, new BearerToken(TOKEN)).withHeartbeat(Duration.ofMillis(250))
                        .withDebounce(debounce),
                new StreamMetrics(registry), Clock.systemUTC());
        port = s.start().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        return s;
    }

    @AfterEach
    void stop() throws Exception {
        server.stop().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private RawStreamClient connect() throws Exception {
        return new RawStreamClient(vertx).open(port, "Bearer " + TOKEN);
    }

    @Test
    void helloGetsTheFullSnapshotAndTheAckIsRecorded() throws Exception {
        PublishedSnapshot published = publisher.publishWorld(java.util.List.of(TestSnapshots.world("default", 3, 1)))
                .get("default");
        try (RawStreamClient client = connect()) {
            client.hello("dp-1", "default", 0, null);
            await().atMost(WAIT).until(() -> client.lastPush() != null);
            StreamMessage.SnapshotMessage full = (StreamMessage.SnapshotMessage) client.lastPush();
            assertThat(full.snapshot().version()).isEqualTo(published.version());
            assertThat(full.hash()).isEqualTo(published.hash()).isEqualTo(full.snapshot().contentHash());
            assertThat(full.snapshot().routes()).hasSize(3);

            client.ack(full);
            await().atMost(WAIT).untilAsserted(() -> assertThat(server.nodes("default")).singleElement()
                    .satisfies(n -> {
                        assertThat(n.node()).isEqualTo("dp-1");
                        assertThat(n.servingVersion()).isEqualTo(published.version());
                        assertThat(n.rejecting()).isFalse();
                    }));
        }
    }

    @Test
    void nothingIsSentBeforeTheFirstWorldIsPublished() throws Exception {
        try (RawStreamClient client = connect()) {
            client.hello("dp-1", "default", 0, null);
            await().atMost(WAIT).until(() -> server.nodes("default").size() == 1);
            await().atMost(WAIT).until(() -> client.heartbeats() >= 2);
            assertThat(client.pushes()).isEmpty();

            publisher.publishWorld(java.util.List.of(TestSnapshots.world("default", 1, 1)));
            await().atMost(WAIT).until(() -> client.lastPush() instanceof StreamMessage.SnapshotMessage);
        }
    }

    @Test
    void aChangeTravelsAsADeltaHoldingOnlyWhatChanged() throws Exception {
        Snapshot world = TestSnapshots.world("default", 50, 1);
        publisher.publishWorld(java.util.List.of(world));
        try (RawStreamClient client = connect()) {
            client.hello("dp-1", "default", 0, null);
            await().atMost(WAIT).until(() -> client.lastPush() != null);
            Snapshot held = RawStreamClient.applyTo(null, client.lastPush());
            client.ack(client.lastPush());
            await().atMost(WAIT).until(() -> server.nodes("default").get(0).servingVersion() == held.version());
            long fullBytes = client.bytesReceived.get();

            Snapshot changed = TestSnapshots.withCluster(world, TestSnapshots.cluster(7, "10.9.9.9", "10.9.9.8"));
            PublishedSnapshot next = publisher.publish(changed);
            await().atMost(WAIT).until(() -> client.pushes().size() == 2);
            StreamMessage.DeltaMessage delta = (StreamMessage.DeltaMessage) client.lastPush();
            assertThat(delta.delta().baseVersion()).isEqualTo(held.version());
            assertThat(delta.delta().version()).isEqualTo(next.version());
            assertThat(delta.delta().routes()).isEmpty();
            assertThat(delta.delta().clusters()).singleElement()
                    .satisfies(c -> assertThat(c.name()).isEqualTo(TestSnapshots.clusterName(7)));
            Snapshot applied = RawStreamClient.applyTo(held, delta);
            assertThat(applied.contentHash()).isEqualTo(delta.delta().hash()).isEqualTo(next.hash());
            assertThat(client.bytesReceived.get() - fullBytes).isLessThan(fullBytes / 10);
        }
    }

    @Test
    void aReconnectingNodeWithTheCurrentContentIsSentNothing() throws Exception {
        PublishedSnapshot published = publisher.publishWorld(java.util.List.of(TestSnapshots.world("default", 5, 1)))
                .get("default");
        try (RawStreamClient client = connect()) {
            // a version this operator never handed out, as after a restart: the content hash decides
            client.hello("dp-1", "default", 12345, published.hash());
            await().atMost(WAIT).untilAsserted(() -> assertThat(server.nodes("default")).singleElement()
                    .satisfies(n -> assertThat(n.servingVersion()).isEqualTo(published.version())));
            await().atMost(WAIT).until(() -> client.heartbeats() >= 2);
            assertThat(client.pushes()).isEmpty();
            assertThat(server.framesSent()).isZero();

            // the next change is a delta against the node's own version number
            PublishedSnapshot next = publisher.publish(TestSnapshots.withRoute(published.snapshot(),
                    TestSnapshots.route(2, 2)));
            await().atMost(WAIT).until(() -> client.lastPush() != null);
            StreamMessage.DeltaMessage delta = (StreamMessage.DeltaMessage) client.lastPush();
            assertThat(delta.delta().baseVersion()).isEqualTo(12345);
            assertThat(delta.delta().routes()).singleElement().satisfies(r -> assertThat(r.generation()).isEqualTo(2));
            assertThat(delta.delta().hash()).isEqualTo(next.hash());
        }
    }

    @Test
    void aNodeHoldingARetainedVersionGetsADeltaOnReconnect() throws Exception {
        PublishedSnapshot first = publisher.publishWorld(java.util.List.of(TestSnapshots.world("default", 5, 1)))
                .get("default");
        PublishedSnapshot second = publisher.publish(TestSnapshots.withRoute(first.snapshot(), TestSnapshots.route(1, 2)));
        try (RawStreamClient client = connect()) {
            client.hello("dp-1", "default", first.version(), first.hash());
            await().atMost(WAIT).until(() -> client.lastPush() != null);
            StreamMessage.DeltaMessage delta = (StreamMessage.DeltaMessage) client.lastPush();
            assertThat(delta.delta().baseVersion()).isEqualTo(first.version());
            assertThat(delta.delta().version()).isEqualTo(second.version());
            assertThat(delta.delta().routes()).hasSize(1);
        }
    }

    @Test
    void aNackIsRecordedWithItsErrorAndTheNodeKeepsItsVersion() throws Exception {
        PublishedSnapshot first = publisher.publishWorld(java.util.List.of(TestSnapshots.world("default", 2, 1)))
                .get("default");
        try (RawStreamClient client = connect()) {
            client.hello("dp-1", "default", 0, null);
            await().atMost(WAIT).until(() -> client.lastPush() != null);
            client.ack(client.lastPush());
            await().atMost(WAIT).until(() -> server.nodes("default").get(0).servingVersion() == first.version());

            PublishedSnapshot bad = publisher.publish(TestSnapshots.withRoute(first.snapshot(), TestSnapshots.route(0, 2)));
            await().atMost(WAIT).until(() -> client.pushes().size() == 2);
            client.send(new StreamMessage.Nack(bad.version(), "rule 0: regex does not compile"));
            // a refused delta is retried once in full; refused again, it stays refused
            await().atMost(WAIT).until(() -> client.pushes().size() == 3);
            assertThat(client.lastPush()).isInstanceOf(StreamMessage.SnapshotMessage.class);
            client.send(new StreamMessage.Nack(bad.version(), "rule 0: regex does not compile"));

            await().atMost(WAIT).untilAsserted(() -> assertThat(server.nodes("default")).singleElement()
                    .satisfies(n -> {
                        assertThat(n.servingVersion()).isEqualTo(first.version());
                        assertThat(n.rejectedVersion()).isEqualTo(bad.version());
                        assertThat(n.rejectedError()).isEqualTo("rule 0: regex does not compile");
                    }));
            await().atMost(WAIT).until(() -> client.heartbeats() >= 3);
            assertThat(client.pushes()).hasSize(3);
        }
    }

    @Test
    void aBurstOfChangesIsCoalescedIntoFewPushesEndingAtTheLatest() throws Exception {
        Snapshot world = TestSnapshots.world("default", 20, 1);
        publisher.publishWorld(java.util.List.of(world));
        try (RawStreamClient client = connect()) {
            client.hello("dp-1", "default", 0, null);
            await().atMost(WAIT).until(() -> client.lastPush() != null);
            Snapshot[] held = {RawStreamClient.applyTo(null, client.lastPush())};
            client.ack(client.lastPush());
            await().atMost(WAIT).until(() -> server.nodes("default").get(0).servingVersion() == held[0].version());

            PublishedSnapshot last = null;
            for (int i = 0; i < 100; i++) {
                last = publisher.publish(TestSnapshots.withCluster(world, TestSnapshots.cluster(3, "10.1.0." + (i + 1))));
            }
            PublishedSnapshot latest = last;
            await().atMost(WAIT).until(() -> {
                StreamMessage push = client.lastPush();
                if (push instanceof StreamMessage.DeltaMessage d && d.delta().version() != held[0].version()) {
                    held[0] = RawStreamClient.applyTo(held[0], push);
                    client.ack(push);
                }
                return held[0].version() == latest.version();
            });
            assertThat(held[0].contentHash()).isEqualTo(latest.hash());
            assertThat(client.pushes().size() - 1).isLessThanOrEqualTo(5);
        }
    }

    @Test
    void aWrongTokenGets401AndNoStream() throws Exception {
        try (RawStreamClient client = new RawStreamClient(vertx).open(port, "Bearer not-the-token")) {
            await().atMost(WAIT).until(() -> client.status.get() == 401);
            await().atMost(WAIT).until(() -> client.body.get().contains("unauthorized"));
            assertThat(server.nodes()).isEmpty();
        }
        try (RawStreamClient client = new RawStreamClient(vertx).open(port, null)) {
            await().atMost(WAIT).until(() -> client.status.get() == 401);
        }
        assertThat(registry.counter("portico_stream_refused", "reason", "unauthorized").count()).isEqualTo(2);
    }

    @Test
    void heartbeatsFlowAndADisconnectedNodeIsForgotten() throws Exception {
        publisher.publishWorld(java.util.List.of(TestSnapshots.world("default", 1, 1)));
        RawStreamClient client = connect();
        client.hello("dp-1", "default", 0, null);
        await().atMost(WAIT).until(() -> client.heartbeats() >= 2);
        assertThat(server.nodes("default")).hasSize(1);
        client.close();
        await().atMost(WAIT).until(() -> server.nodes().isEmpty());
    }

    /** A newer data plane's message of a type this operator does not know is passed over: the stream lives on. */
    @Test
    void aMessageOfAnUnknownTypeIsIgnoredAndTheStreamGoesOn() throws Exception {
        publisher.publishWorld(java.util.List.of(TestSnapshots.world("default", 1, 1)));
        try (RawStreamClient client = new RawStreamClient(vertx).autoAck().open(port, "Bearer " + TOKEN)) {
            client.hello("dp-1", "default", 0, null);
            await().atMost(WAIT).until(() -> client.held() != null);
            client.write("{\"type\":\"from-the-future\",\"anything\":[1]}");

            publisher.publishWorld(java.util.List.of(TestSnapshots.world("default", 2, 2)));
            await().atMost(WAIT).untilAsserted(() -> assertThat(server.nodes("default")).singleElement()
                    .satisfies(n -> assertThat(n.servingVersion()).isEqualTo(publisher.latest("default").version())));
            assertThat(client.status.get()).isEqualTo(200);
        }
    }

    @Test
    void anEmptyGroupGetsAnEmptySnapshotOnceTheWorldIsKnown() throws Exception {
        publisher.publishWorld(java.util.List.of(TestSnapshots.world("default", 1, 1)));
        try (RawStreamClient client = connect()) {
            client.hello("dp-9", "internal", 0, null);
            await().atMost(WAIT).until(() -> client.lastPush() != null);
            StreamMessage.SnapshotMessage full = (StreamMessage.SnapshotMessage) client.lastPush();
            assertThat(full.snapshot().gateway()).isEqualTo("internal");
            assertThat(full.snapshot().routes()).isEmpty();
        }
    }

    @Test
    void aNodeThatReconnectsReplacesItsOldStream() throws Exception {
        publisher.publishWorld(java.util.List.of(TestSnapshots.world("default", 1, 1)));
        try (RawStreamClient first = connect(); RawStreamClient second = connect()) {
            first.hello("dp-1", "default", 0, null);
            await().atMost(WAIT).until(() -> server.nodes("default").size() == 1);
            String firstConnection = server.nodes("default").get(0).connection();

            second.hello("dp-1", "default", 0, null);
            await().atMost(WAIT).untilAsserted(() -> assertThat(server.nodes("default")).singleElement()
                    .satisfies(n -> assertThat(n.connection()).isNotEqualTo(firstConnection)));
        }
    }

    @Test
    void aPeerThatStopsAnsweringPingsIsDropped() throws Exception {
        publisher.publishWorld(java.util.List.of(TestSnapshots.world("default", 1, 1)));
        try (BlackholeProxy proxy = new BlackholeProxy(vertx, port);
                RawStreamClient client = new RawStreamClient(vertx).open(proxy.port(), "Bearer " + TOKEN)) {
            client.hello("dp-1", "default", 0, null);
            await().atMost(WAIT).until(() -> server.nodes("default").size() == 1);
            await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(10))
                    .until(() -> server.nodes("default").size() == 1);

            proxy.swallow(); // no FIN, no RST: only the unanswered PINGs tell
            await().atMost(Duration.ofSeconds(10)).until(() -> server.nodes().isEmpty());
        }
    }
}
