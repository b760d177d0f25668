package dev.portico.dataplane.upstream;

import dev.portico.snapshot.Cluster;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A cluster's endpoints with their live state, plus the balancers' shared cursors and hash ring. */
public final class ClusterState {
    private final Cluster cluster;
    private final List<EndpointState> endpoints;
    final AtomicInteger roundRobin = new AtomicInteger();
    private volatile HashRing ring;

    public ClusterState(Cluster cluster, List<EndpointState> endpoints) {
        this.cluster = cluster;
        this.endpoints = List.copyOf(endpoints);
    }

    public Cluster cluster() {
        return cluster;
    }

    public String name() {
        return cluster.name();
    }

    public List<EndpointState> endpoints() {
        return endpoints;
    }

    /**
     * Endpoints not ejected now, except those in {@code exclude} (already tried); when every endpoint
     * is ejected, all of them (panic mode: better a suspect endpoint than a certain 503).
     */
    public List<EndpointState> available(long nowNanos, List<EndpointState> exclude) {
        List<EndpointState> out = new ArrayList<>(endpoints.size());
        for (EndpointState e : endpoints) {
            if (!e.isEjected(nowNanos) && (exclude == null || !exclude.contains(e))) {
                out.add(e);
            }
        }
        if (out.isEmpty() && exclude != null && !exclude.isEmpty()) {
            return available(nowNanos, null);
        }
        return out.isEmpty() ? endpoints : out;
    }

    HashRing ring() {
        HashRing r = ring;
        if (r == null) {
            r = new HashRing(endpoints);
            ring = r;
        }
        return r;
    }
}
