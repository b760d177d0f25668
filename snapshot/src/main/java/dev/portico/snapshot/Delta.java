package dev.portico.snapshot;

import java.util.List;

/**
 * The change from one snapshot version to the next: upserted and removed routes and clusters.
 * An endpoint-only change is a delta holding just the changed clusters.
 *
 * @param hash content hash of the snapshot the delta produces, so a receiver can verify it
 */
public record Delta(long baseVersion, long version, String hash, List<Route> routes, List<String> removedRoutes,
        List<Cluster> clusters, List<String> removedClusters) {

    public Delta {
        routes = Canonical.list(routes);
        removedRoutes = Canonical.list(removedRoutes);
        clusters = Canonical.list(clusters);
        removedClusters = Canonical.list(removedClusters);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isEmpty() {
        return routes.isEmpty() && removedRoutes.isEmpty() && clusters.isEmpty() && removedClusters.isEmpty();
    }
}
