package dev.portico.dataplane.upstream;

import dev.portico.snapshot.Cluster;
import dev.portico.snapshot.Endpoint;
import dev.portico.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Clusters by name with their endpoints' live state. Immutable; a new snapshot produces a new table
 * that reuses the {@link EndpointState} of every endpoint that is still there, so health and
 * in-flight counts survive swaps (and pooled connections, keyed by address, stay in use).
 */
public final class EndpointTable {
    private final Map<String, ClusterState> clusters;

    private EndpointTable(Map<String, ClusterState> clusters) {
        this.clusters = clusters;
    }

    public static EndpointTable empty() {
        return new EndpointTable(Map.of());
    }

    public ClusterState cluster(String name) {
        return clusters.get(name);
    }

    public Map<String, ClusterState> clusters() {
        return clusters;
    }

    public EndpointTable next(Snapshot snapshot) {
        Map<String, ClusterState> out = new HashMap<>();
        for (Cluster c : snapshot.clusters()) {
            ClusterState before = clusters.get(c.name());
            if (before != null && before.cluster().equals(c)) {
                out.put(c.name(), before);
                continue;
            }
            Map<Endpoint, EndpointState> old = new HashMap<>();
            if (before != null) {
                before.endpoints().forEach(e -> old.put(e.endpoint(), e));
            }
            List<EndpointState> eps = new ArrayList<>();
            for (Endpoint e : c.endpoints()) {
                EndpointState kept = old.get(e);
                eps.add(kept != null ? kept : new EndpointState(e));
            }
            out.put(c.name(), new ClusterState(c, eps));
        }
        return new EndpointTable(Map.copyOf(out));
    }
}
