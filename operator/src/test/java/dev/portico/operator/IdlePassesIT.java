package dev.portico.operator;

import dev.portico.operator.stream.PublishedSnapshot;
import dev.portico.snapshot.Route;
import dev.portico.snapshot.stream.StreamMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.portico.operator.KubernetesFixture.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The idle passes after start-up (unchanged routes through the change path, their result published) agree
 * with whole translations (the bed compares every one), publish no version of their own, and let real
 * changes through.
 */
class IdlePassesIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int PASSES = 40; // StartupWarmUp's default

    @Test
    void idlePassesOverAnUnchangedWorldPublishNothingAndChangesStillGetThrough() throws Exception {
        try (OperatorBed bed = OperatorBed.start("idle-token", kube -> {
            kube.service("users");
            kube.endpoints("users", "10.0.0.1");
            kube.apply(kube.route("shop", "/api/users", "users"));
            kube.apply(kube.route("cart", "/api/cart", "users"));
        })) {
            var passes = bed.operator().registry().find("portico_startup_idle_passes").gauge();
            assertThat(passes).isNotNull();
            await().atMost(WAIT).until(() -> passes.value() == PASSES);

            // the world was complete before the operator started: its first version is the only one
            assertThat(bed.dataPlane().pushes()).hasSize(1);
            StreamMessage.SnapshotMessage first = (StreamMessage.SnapshotMessage) bed.dataPlane().pushes().get(0);
            PublishedSnapshot latest = bed.operator().publisher().latest("default");
            assertThat(latest.version()).isEqualTo(first.snapshot().version());
            assertThat(latest.snapshot().routes()).extracting(Route::id).containsExactly(NS + "/cart", NS + "/shop");
            await().atMost(WAIT).untilAsserted(() -> assertThat(KubernetesFixture.condition(bed.kube().stored("shop"),
                    "Programmed").getStatus()).isEqualTo("True"));

            bed.kube().apply(bed.kube().route("orders", "/api/orders", "users"));
            await().atMost(WAIT).until(() -> bed.dataPlane().held().routesById().containsKey(NS + "/orders"));
            assertThat(bed.dataPlane().pushes()).hasSize(2);
        }
    }
}
