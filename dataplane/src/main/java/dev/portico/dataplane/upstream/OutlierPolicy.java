package dev.portico.dataplane.upstream;

/**
 * Passive outlier detection: after {@code consecutiveFailures} 5xx answers or connect failures in a
 * row an endpoint is ejected for {@code baseEjectionMs} times the number of times it has been
 * ejected (capped at {@code maxEjectionMs}), then comes back on its own. The last available
 * endpoint of a cluster is never ejected: with one suspect endpoint left, trying it beats a 503.
 */
public record OutlierPolicy(int consecutiveFailures, long baseEjectionMs, long maxEjectionMs) {
    public static final OutlierPolicy DEFAULTS = new OutlierPolicy(5, 30_000, 300_000);

    /**
     * Records the outcome of one try.
     *
     * @return true when this failure ejected the endpoint
     */
    public boolean record(ClusterState cluster, EndpointState endpoint, boolean failure) {
        if (!failure) {
            endpoint.recordSuccess();
            return false;
        }
        if (endpoint.recordFailure() < consecutiveFailures) {
            return false;
        }
        long now = System.nanoTime();
        if (endpoint.isEjected(now)) {
            return false;
        }
        int others = 0;
        for (EndpointState e : cluster.endpoints()) {
            if (e != endpoint && !e.isEjected(now)) {
                others++;
            }
        }
        if (others == 0) {
            return false;
        }
        endpoint.eject(now, baseEjectionMs * 1_000_000L, maxEjectionMs * 1_000_000L);
        return true;
    }
}
