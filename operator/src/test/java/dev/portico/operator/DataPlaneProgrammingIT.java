package dev.portico.operator;

import dev.portico.api.v1alpha1.GatewayRoute;
import dev.portico.dataplane.stream.SnapshotSink;
import dev.portico.dataplane.stream.SnapshotStreamClient;
import dev.portico.dataplane.stream.StreamClientOptions;
import dev.portico.operator.stream.BearerToken;
import dev.portico.snapshot.Route;
import dev.portico.snapshot.Snapshot;
import io.fabric8.kubernetes.api.model.Condition;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static dev.portico.operator.KubernetesFixture.NS;
import static dev.portico.operator.KubernetesFixture.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Acceptance 2: the operator, two real data-plane stream clients and the emulated API. */
class DataPlaneProgrammingIT {
    private static final String TOKEN = "two-data-planes-token";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private KubernetesFixture kube;
    private PorticoOperator operator;
    private OperatorOptions options;
    private Vertx vertx;
    private DataPlane a;
    private DataPlane b;

    /** A stream client whose sink stands in for the router swap; it refuses snapshots while {@code failWith} is set. */
    static final class DataPlane {
        final AtomicInteger applies = new AtomicInteger();
        final AtomicReference<String> failWith = new AtomicReference<>();
        final SnapshotStreamClient client;

        DataPlane(Vertx vertx, int port, Path tokenFile, String node) {
            SnapshotSink sink = snapshot -> {
                String failure = failWith.get();
                if (failure != null) {
                    return Future.failedFuture(failure);
                }
                applies.incrementAndGet();
                return Future.succeededFuture();
            };
            client = new SnapshotStreamClient(vertx, StreamClientOptions
                    .of(URI.create("http://127.0.0.1:" + port), tokenFile, "default", node)
                    .withBackoff(Duration.ofMillis(50), Duration.ofMillis(300)), sink);
            client.start();
        }

        Route route(String name) {
            Snapshot applied = client.applied();
            return applied == null ? null : applied.routesById().get(NS + "/" + name);
        }
    }

    @BeforeEach
    void start() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        kube = new KubernetesFixture();
        options = OperatorOptions.loopback(new BearerToken(TOKEN));
        operator = PorticoOperator.start(kube.client, options);
        options = options.withPorts(operator.streamPort(), 0);
        vertx = Vertx.vertx();
        a = new DataPlane(vertx, operator.streamPort(), tokenFile, "dp-a");
        b = new DataPlane(vertx, operator.streamPort(), tokenFile, "dp-b");
        kube.service("users");
        kube.endpoints("users", "10.0.0.1");
        kube.apply(kube.route("shop", "/api/users", "users"));
    }

    @AfterEach
    void stop() throws Exception {
        a.client.stop().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        b.client.stop().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        if (operator != null) {
            KubernetesFixture.assertPartialTranslationsMatchedTheWhole(operator);
            operator.close();
        }
        kube.close();
    }

    private void awaitProgrammed(long generation) {
        await().atMost(WAIT).untilAsserted(() -> {
            GatewayRoute stored = kube.stored("shop");
            Condition programmed = condition(stored, "Programmed");
            assertThat(programmed).isNotNull();
            assertThat(programmed.getStatus()).as("%s: %s", programmed.getReason(), programmed.getMessage())
                    .isEqualTo("True");
            assertThat(programmed.getMessage()).startsWith("2/2 data planes serve generation " + generation);
            assertThat(stored.getStatus().getDataPlanes().getSummary()).isEqualTo("2/2");
        });
    }

    @Test
    void bothDataPlanesServeTheRouteAndItReadsProgrammedTwoOfTwo() {
        await().atMost(WAIT).until(() -> a.route("shop") != null && b.route("shop") != null);
        awaitProgrammed(1);
        assertThat(kube.stored("shop").getStatus().getDataPlanes().getSnapshotVersion())
                .isEqualTo(a.client.applied().version());
    }

    @Test
    void aDataPlaneThatRefusesTheSnapshotTurnsTheRouteRejectedWithItsError() {
        awaitProgrammed(1);
        b.failWith.set("route shop/shop: cannot compile router (test sink refuses)");

        GatewayRoute changed = kube.stored("shop");
        changed.getSpec().getRules().get(0).getMatches().get(0).getPath().setValue("/api/people");
        kube.client.resources(GatewayRoute.class).inNamespace(NS).resource(changed).update();

        await().atMost(WAIT).until(() -> a.route("shop") != null && a.route("shop").generation() == 2);
        await().atMost(WAIT).untilAsserted(() -> {
            GatewayRoute stored = kube.stored("shop");
            Condition programmed = condition(stored, "Programmed");
            assertThat(programmed.getStatus()).isEqualTo("False");
            assertThat(programmed.getReason()).isEqualTo("Rejected");
            assertThat(programmed.getMessage()).contains("dp-b").contains("cannot compile router (test sink refuses)");
            assertThat(programmed.getObservedGeneration()).isEqualTo(2L);
            assertThat(stored.getStatus().getDataPlanes().getSummary()).isEqualTo("1/2");
        });
        // the refusing data plane keeps serving what it had
        assertThat(b.route("shop").generation()).isEqualTo(1);
    }

    @Test
    void dataPlanesOutliveTheOperatorAndARestartResumesWithoutResending() throws Exception {
        await().atMost(WAIT).until(() -> a.route("shop") != null && b.route("shop") != null);
        awaitProgrammed(1);
        int appliesA = a.applies.get();
        int appliesB = b.applies.get();
        long version = a.client.applied().version();

        operator.close();
        operator = null;
        await().atMost(WAIT).until(() -> !a.client.connected() && !b.client.connected());
        // still serving the last snapshot with no control plane at all
        assertThat(a.route("shop")).isNotNull();
        assertThat(b.route("shop")).isNotNull();

        operator = PorticoOperator.start(kube.client, options);
        await().atMost(WAIT).until(() -> a.client.connected() && b.client.connected());
        await().atMost(WAIT).until(() -> operator.stream().nodes("default").size() == 2
                && operator.stream().nodes("default").stream().allMatch(n -> n.serving() != null));
        awaitProgrammed(1);

        assertThat(operator.stream().framesSent()).isZero();
        assertThat(operator.stream().bytesSent()).isZero();
        assertThat(a.applies.get()).isEqualTo(appliesA);
        assertThat(b.applies.get()).isEqualTo(appliesB);
        assertThat(a.client.applied().version()).isEqualTo(version);
    }
}
