package dev.portico.dataplane.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.snapshot.BackendRef;
import dev.portico.snapshot.Cluster;
import dev.portico.snapshot.Endpoint;
import dev.portico.snapshot.LoadBalancer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The balancers in process: distributions need many picks, which HTTP would only slow down. */
class BalancingTest {
    private static ClusterState cluster(int n) {
        List<Endpoint> eps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            eps.add(new Endpoint("10.0.0." + (i + 1), 8080));
        }
        Cluster c = new Cluster("ns/svc:80", "ns", "svc", 80, true, eps);
        return new ClusterState(c, c.endpoints().stream().map(EndpointState::new).toList());
    }

    @Test
    void weightsSplitTrafficWithinThreePercentOverTenThousandRequests() {
        List<BackendRef> refs = List.of(new BackendRef("a", 70), new BackendRef("b", 20), new BackendRef("c", 10));
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            counts.merge(BackendChoice.pick(refs).cluster(), 1, Integer::sum);
        }
        assertThat(counts.get("a")).isBetween(6_700, 7_300);
        assertThat(counts.get("b")).isBetween(1_700, 2_300);
        assertThat(counts.get("c")).isBetween(700, 1_300);
    }

    @Test
    void zeroWeightBackendsGetNothing() {
        List<BackendRef> refs = List.of(new BackendRef("a", 0), new BackendRef("b", 5));
        for (int i = 0; i < 1_000; i++) {
            assertThat(BackendChoice.pick(refs).cluster()).isEqualTo("b");
        }
        assertThat(BackendChoice.pick(List.of(new BackendRef("a", 0)))).isNull();
    }

    @Test
    void roundRobinVisitsEveryEndpointInTurn() {
        ClusterState c = cluster(3);
        Map<EndpointState, Integer> counts = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            counts.merge(Balancer.pick(LoadBalancer.ROUND_ROBIN, c, c.endpoints(), null), 1, Integer::sum);
        }
        assertThat(counts.values()).containsOnly(100);
    }

    @Test
    void randomSpreadsRoughlyEvenly() {
        ClusterState c = cluster(4);
        Map<EndpointState, Integer> counts = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            counts.merge(Balancer.pick(new LoadBalancer(LoadBalancer.Type.Random, null), c, c.endpoints(), null), 1,
                    Integer::sum);
        }
        assertThat(counts).hasSize(4);
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(2_200, 2_800));
    }

    @Test
    void leastRequestPrefersTheEndpointWithFewerRequestsInFlight() {
        ClusterState c = cluster(2);
        EndpointState busy = c.endpoints().get(0);
        for (int i = 0; i < 5; i++) {
            busy.started();
        }
        LoadBalancer lr = new LoadBalancer(LoadBalancer.Type.LeastRequest, null);
        for (int i = 0; i < 100; i++) {
            assertThat(Balancer.pick(lr, c, c.endpoints(), null)).isSameAs(c.endpoints().get(1));
        }
    }

    @Test
    void consistentHashKeepsKeysAndMovesOnlyTheRemovedEndpointsShare() {
        ClusterState four = cluster(4);
        LoadBalancer ch = new LoadBalancer(LoadBalancer.Type.ConsistentHash, new LoadBalancer.HashOn("x-user", null, false));
        Map<String, EndpointState> before = new HashMap<>();
        for (int i = 0; i < 1_000; i++) {
            String key = "user-" + i;
            EndpointState e = Balancer.pick(ch, four, four.endpoints(), key);
            assertThat(Balancer.pick(ch, four, four.endpoints(), key)).isSameAs(e);
            before.put(key, e);
        }
        assertThat(before.values().stream().distinct().count()).isEqualTo(4);
        EndpointState gone = four.endpoints().get(2);
        List<EndpointState> without = four.endpoints().stream().filter(e -> e != gone).toList();
        int moved = 0;
        for (Map.Entry<String, EndpointState> e : before.entrySet()) {
            EndpointState now = Balancer.pick(ch, four, without, e.getKey());
            if (e.getValue() != gone) {
                assertThat(now).isSameAs(e.getValue());
            } else {
                moved++;
            }
        }
        assertThat(moved).isBetween(100, 400);
    }

    @Test
    void outlierPolicyEjectsAfterConsecutiveFailuresWithGrowingBackoffButNeverTheLastEndpoint() {
        ClusterState c = cluster(2);
        OutlierPolicy policy = new OutlierPolicy(3, 1_000, 10_000);
        EndpointState a = c.endpoints().get(0);
        EndpointState b = c.endpoints().get(1);
        assertThat(policy.record(c, a, true)).isFalse();
        assertThat(policy.record(c, a, false)).isFalse();
        assertThat(policy.record(c, a, true)).isFalse();
        assertThat(policy.record(c, a, true)).isFalse();
        assertThat(policy.record(c, a, true)).isTrue();
        assertThat(a.isEjected(System.nanoTime())).isTrue();
        assertThat(c.available(System.nanoTime(), null)).containsExactly(b);
        for (int i = 0; i < 10; i++) {
            assertThat(policy.record(c, b, true)).isFalse();
        }
        assertThat(b.isEjected(System.nanoTime())).isFalse();
        assertThat(a.isEjected(System.nanoTime() + 1_100_000_000L)).isFalse();
    }
}
