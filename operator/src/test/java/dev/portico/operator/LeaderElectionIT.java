package dev.portico.operator;

import dev.portico.operator.stream.BearerToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two replicas and one Lease: only the holder serves the stream; when it stops, the other takes over. */
class LeaderElectionIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private KubernetesFixture kube;
    private PorticoOperator first;
    private PorticoOperator second;

    @BeforeEach
    void start() throws Exception {
        kube = new KubernetesFixture();
    }

    @AfterEach
    void stop() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
        kube.close();
    }

    @Test
    void onlyTheLeaseHolderServesAndAStandbyTakesOverWhenItStops() throws Exception {
        OperatorOptions options = OperatorOptions.loopback(new BearerToken("lease-token"))
                .withLeaderElection(true, "default");
        first = PorticoOperator.start(kube.client, options);
        await().atMost(WAIT).until(first::ready);
        second = PorticoOperator.start(kube.api.client(), options);

        await().during(Duration.ofSeconds(3)).atMost(WAIT).until(() -> !second.ready() && second.streamPort() < 0);
        assertThat(kube.client.leases().inNamespace("default").withName(OperatorOptions.DEFAULT_LEASE_NAME).get()
                .getSpec().getHolderIdentity()).isNotBlank();

        first.close();
        first = null;
        await().atMost(WAIT).until(second::ready);
        assertThat(second.streamPort()).isPositive();
    }
}
