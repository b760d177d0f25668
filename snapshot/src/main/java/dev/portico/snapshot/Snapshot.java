package dev.portico.snapshot;

import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one gateway group's data planes need, at one version. Immutable; collections are
 * kept in a canonical order so that two snapshots built from the same objects in any order are equal.
 *
 * @param gateway  the data-plane group this snapshot is for
 * @param version  monotonically increasing per operator; not part of the content
 * @param routes   every accepted route of the group, ordered by id
 * @param clusters every backend (Service port) a route names, ordered by name
 */
public record Snapshot(String gateway, long version, List<Route> routes, List<Cluster> clusters) {

    public Snapshot {
        Objects.requireNonNull(gateway, "gateway");
        routes = Canonical.sorted(routes, Comparator.comparing(Route::id));
        clusters = Canonical.sorted(clusters, Comparator.comparing(Cluster::name));
    }

    public static Snapshot empty(String gateway) {
        return new Snapshot(gateway, 0, List.of(), List.of());
    }

    public Snapshot withVersion(long newVersion) {
        return new Snapshot(gateway, newVersion, routes, clusters);
    }

    /** True when both carry the same configuration, whatever their versions. */
    public boolean sameContent(Snapshot other) {
        return other != null && gateway.equals(other.gateway) && routes.equals(other.routes)
                && clusters.equals(other.clusters);
    }

    /** SHA-256 over the canonical JSON of the content (version excluded): same content, same hash, any JVM. */
    public String contentHash() {
        return ContentHash.of(this);
    }

    public Map<String, Route> routesById() {
        Map<String, Route> byId = new LinkedHashMap<>();
        routes.forEach(r -> byId.put(r.id(), r));
        return byId;
    }

    public Map<String, Cluster> clustersByName() {
        Map<String, Cluster> byName = new LinkedHashMap<>();
        clusters.forEach(c -> byName.put(c.name(), c));
        return byName;
    }

    /** The delta that turns this snapshot into {@code next}: only what changed travels. */
    public Delta diff(Snapshot next) {
        return diff(next, next.contentHash());
    }

    /** As {@link #diff(Snapshot)}, with {@code next}'s content hash already known (it is costly on big snapshots). */
    public Delta diff(Snapshot next, String nextHash) {
        Map<String, Route> before = routesById();
        Map<String, Route> after = next.routesById();
        List<Route> upsertRoutes = next.routes.stream().filter(r -> !r.equals(before.get(r.id()))).toList();
        List<String> removedRoutes = routes.stream().map(Route::id).filter(id -> !after.containsKey(id)).toList();

        Map<String, Cluster> beforeClusters = clustersByName();
        Map<String, Cluster> afterClusters = next.clustersByName();
        List<Cluster> upsertClusters = next.clusters.stream()
                .filter(c -> !c.equals(beforeClusters.get(c.name()))).toList();
        List<String> removedClusters = clusters.stream().map(Cluster::name)
                .filter(n -> !afterClusters.containsKey(n)).toList();
        return new Delta(version, next.version, nextHash, upsertRoutes, removedRoutes, upsertClusters,
                removedClusters);
    }

    /**
     * Applies a delta computed against this snapshot's version.
     *
     * @throws IllegalArgumentException when the delta's base is not this version
     */
    public Snapshot apply(Delta delta) {
        if (delta.baseVersion() != version) {
            throw new IllegalArgumentException(
                    "delta is based on version " + delta.baseVersion() + " but version " + version + " is applied");
        }
        Map<String, Route> byId = new HashMap<>(routesById());
        delta.removedRoutes().forEach(byId::remove);
        delta.routes().forEach(r -> byId.put(r.id(), r));
        Map<String, Cluster> byName = new HashMap<>(clustersByName());
        delta.removedClusters().forEach(byName::remove);
        delta.clusters().forEach(c -> byName.put(c.name(), c));
        return new Snapshot(gateway, delta.version(), List.copyOf(byId.values()), List.copyOf(byName.values()));
    }
}
