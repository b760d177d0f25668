package dev.portico.dataplane.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portico.snapshot.BackendRef;
import dev.portico.snapshot.Cluster;
import dev.portico.snapshot.Endpoint;
import dev.portico.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where a retry goes among a rule's weighted backends, given the endpoints the request already tried. */
class RetryTargetTest {
    private static final EndpointTable TABLE = EndpointTable.empty().next(new Snapshot("default", 1, List.of(),
            List.of(cluster("one", 1, 1), cluster("two", 2, 2), cluster("three", 3, 1), cluster("none", 4, 0),
                    new Cluster("missing", "ns", "missing", 80, false, List.of()))));

    /** A cluster with {@code endpoints} endpoints at 10.0.{@code subnet}.x. */
    private static Cluster cluster(String name, int subnet, int endpoints) {
        List<Endpoint> eps = new ArrayList<>();
        for (int i = 0; i < endpoints; i++) {
            eps.add(new Endpoint("10.0." + subnet + "." + (i + 1), 8080));
        }
        return new Cluster(name, "ns", name, 80, true, eps);
    }

    private static ClusterState state(String name) {
        return TABLE.cluster(name);
    }

    private static List<EndpointState> endpointsOf(String... clusters) {
        List<EndpointState> out = new ArrayList<>();
        for (String c : clusters) {
            out.addAll(state(c).endpoints());
        }
        return out;
    }

    /** The clusters 1,000 retries go to, with how often. */
    private static Map<String, Integer> retries(List<BackendRef> backends, List<EndpointState> tried, String current) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 1_000; i++) {
            counts.merge(RetryTarget.next(backends, TABLE, tried, state(current)).name(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void aRetryLeavesOutTheBackendWhoseEndpointFailed() {
        List<BackendRef> backends = List.of(new BackendRef("one", 50), new BackendRef("three", 50));
        assertThat(retries(backends, endpointsOf("one"), "one")).containsOnlyKeys("three");
        assertThat(retries(backends, endpointsOf("three"), "three")).containsOnlyKeys("one");
    }

    @Test
    void untriedBackendsShareTheRetriesByWeight() {
        List<BackendRef> backends = List.of(new BackendRef("one", 10), new BackendRef("two", 80),
                new BackendRef("three", 20));
        Map<String, Integer> counts = retries(backends, endpointsOf("one"), "one");
        assertThat(counts).containsOnlyKeys("two", "three");
        assertThat(counts.get("two")).isBetween(720, 880); // 80 of 100
    }

    @Test
    void backendsWithoutEndpointsOrServiceAreNoRetryTarget() {
        List<BackendRef> backends = List.of(new BackendRef("two", 1), new BackendRef("none", 1_000),
                new BackendRef("missing", 1_000), new BackendRef("absent", 1_000), new BackendRef("one", 0));
        // one endpoint of two failed: back to two, whose other endpoint is left to try
        assertThat(retries(backends, List.of(state("two").endpoints().get(0)), "two")).containsOnlyKeys("two");
    }

    @Test
    void whenEveryBackendWasTriedOneWithAnEndpointNotYetTriedGoesFirst() {
        List<BackendRef> backends = List.of(new BackendRef("one", 1_000), new BackendRef("two", 1));
        List<EndpointState> tried = new ArrayList<>(endpointsOf("one"));
        tried.add(state("two").endpoints().get(0));
        assertThat(retries(backends, tried, "two")).containsOnlyKeys("two");
    }

    @Test
    void whenEveryEndpointFailedTheRetryPicksByWeightAgain() {
        List<BackendRef> backends = List.of(new BackendRef("one", 50), new BackendRef("three", 50));
        assertThat(retries(backends, endpointsOf("one", "three"), "three")).containsOnlyKeys("one", "three");
    }

    @Test
    void aRuleWithOneBackendRetriesOnIt() {
        assertThat(RetryTarget.next(List.of(new BackendRef("one", 1)), TABLE, endpointsOf("one"), state("one")))
                .isSameAs(state("one"));
    }
}
