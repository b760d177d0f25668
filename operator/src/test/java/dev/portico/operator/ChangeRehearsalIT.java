package dev.portico.operator;

import dev.portico.api.v1alpha1.GatewayRoute;
import dev.portico.operator.stream.PublishedSnapshot;
import dev.portico.snapshot.Route;
import dev.portico.snapshot.Snapshot;
import dev.portico.snapshot.stream.StreamMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.portico.operator.KubernetesFixture.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The start-up change rehearsal runs, and leaves no trace: no made-up route in any published version, on the
 * wire, in the API or in the status of real routes.
 */
class ChangeRehearsalIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String REHEARSAL_NAMESPACE = "portico-change-rehearsal";

    @Test
    void theStartupRehearsalRunsAndNothingItMadeIsPublishedOrWritten() throws Exception {
        try (OperatorBed bed = OperatorBed.start("rehearsal-token")) {
            bed.kube().service("users");
            bed.kube().endpoints("users", "10.0.0.1");
            bed.kube().apply(bed.kube().route("shop", "/api/users", "users"));

            await().atMost(WAIT).until(() -> bed.dataPlane().held() != null
                    && bed.dataPlane().held().routesById().containsKey(NS + "/shop"));
            var rehearsed = bed.operator().registry().find("portico_startup_rehearsed_changes").gauge();
            assertThat(rehearsed).isNotNull();
            await().atMost(WAIT).until(() -> rehearsed.value() > 0);

            assertThat(bed.dataPlane().held().routes()).extracting(Route::id).containsExactly(NS + "/shop");
            List<Route> sent = new ArrayList<>();
            for (StreamMessage push : bed.dataPlane().pushes()) {
                if (push instanceof StreamMessage.SnapshotMessage full) {
                    sent.addAll(full.snapshot().routes());
                } else if (push instanceof StreamMessage.DeltaMessage delta) {
                    sent.addAll(delta.delta().routes());
                }
            }
            assertThat(sent).extracting(Route::id).noneMatch(id -> id.startsWith(REHEARSAL_NAMESPACE + "/"));
            for (String group : bed.operator().publisher().groups()) {
                PublishedSnapshot latest = bed.operator().publisher().latest(group);
                Snapshot snapshot = latest.snapshot();
                assertThat(snapshot.routes()).extracting(Route::id)
                        .noneMatch(id -> id.startsWith(REHEARSAL_NAMESPACE + "/"));
                assertThat(snapshot.clusters()).noneMatch(c -> c.name().startsWith(REHEARSAL_NAMESPACE + "/"));
            }
            assertThat(bed.operator().publisher().groups()).containsExactly("default");
            assertThat(bed.kube().client.resources(GatewayRoute.class).inNamespace(REHEARSAL_NAMESPACE).list()
                    .getItems()).isEmpty();
            await().atMost(WAIT).untilAsserted(() -> assertThat(KubernetesFixture.condition(bed.kube().stored("shop"),
                    "Programmed").getMessage()).startsWith("1/1 data planes serve generation 1"));
        }
    }
}
