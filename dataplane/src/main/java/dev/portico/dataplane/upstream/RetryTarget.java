package dev.portico.dataplane.upstream;

import dev.portico.snapshot.BackendRef;
import java.util.List;

/**
 * Where a retry goes: a backend of the rule picked again by weight, leaving out those whose endpoints already
 * failed this request while another can take it (as Kong retries the next target). Within the backend,
 * {@link ClusterState#available} leaves out the endpoints tried.
 */
public final class RetryTarget {
    /** In order: the first that admits a callable backend decides. */
    private enum Preference {
        UNTRIED_BACKEND, // none of its endpoints was tried
        UNTRIED_ENDPOINT, // tried, but some endpoint of it was not
        ANY; // every endpoint of every backend failed once: by weight again

        boolean admits(ClusterState cluster, List<EndpointState> tried) {
            return switch (this) {
                case UNTRIED_BACKEND -> cluster.endpoints().stream().noneMatch(tried::contains);
                case UNTRIED_ENDPOINT -> !tried.containsAll(cluster.endpoints());
                case ANY -> true;
            };
        }
    }

    private RetryTarget() {
    }

    /**
     * An endpoint state belongs to one cluster ({@link EndpointTable} makes them per cluster), so the endpoints
     * tried say which backends were.
     *
     * @param endpoints the table the request was routed with
     * @param tried     the endpoints this request tried, all of which failed
     * @param current   the cluster of the try that failed: the answer when no other backend can be called
     */
    public static ClusterState next(List<BackendRef> backends, EndpointTable endpoints, List<EndpointState> tried,
            ClusterState current) {
        if (backends.size() == 1) {
            return current; // the common case: nowhere else to go
        }
        for (Preference p : Preference.values()) {
            BackendRef ref = BackendChoice.pick(backends, b -> {
                ClusterState c = callable(endpoints, b);
                return c != null && p.admits(c, tried);
            });
            if (ref != null) {
                return endpoints.cluster(ref.cluster());
            }
        }
        return current;
    }

    /** The backend's cluster when it has endpoints to call (a missing Service or none ready would be a 500/503). */
    private static ClusterState callable(EndpointTable endpoints, BackendRef ref) {
        ClusterState c = endpoints.cluster(ref.cluster());
        return c != null && c.cluster().serviceExists() && !c.endpoints().isEmpty() ? c : null;
    }
}
