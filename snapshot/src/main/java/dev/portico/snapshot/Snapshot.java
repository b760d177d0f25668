package dev.portico.snapshot;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
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
    private static final Comparator<Cluster> CLUSTERS_BY_NAME = Comparator.comparing(Cluster::name);

    public Snapshot {
        Objects.requireNonNull(gateway, "gateway is required");
        routes = Canonical.sorted(routes, Route.BY_ID);
        clusters = Canonical.sorted(clusters, CLUSTERS_BY_NAME);
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
        return ContentHasher.of(this);
    }

    /** The route {@code namespace/name}, by binary search in the id-ordered routes; null when it is not here. */
    public Route route(String namespace, String name) {
        return find(routeProbe(namespace, name));
    }

    /** The route of id {@code namespace/name} ({@link Route#id()}); null when it is not here. */
    public Route route(String id) {
        return find(routeProbe(id));
    }

    private Route find(Route probe) {
        int at = java.util.Collections.binarySearch(routes, probe, Route.BY_ID);
        return at >= 0 ? routes.get(at) : null;
    }

    /** A route that only compares: the one {@link Route#BY_ID} puts where {@code namespace/name} is. */
    private static Route routeProbe(String namespace, String name) {
        return new Route(namespace, name, 0, "", List.of(), null, List.of());
    }

    /** As {@link #routeProbe(String, String)} for an id {@code namespace/name} (namespaces hold no slash). */
    private static Route routeProbe(String id) {
        int slash = id.indexOf('/');
        return slash < 0 ? routeProbe("", id) : routeProbe(id.substring(0, slash), id.substring(slash + 1));
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
        List<Route> upsertRoutes = new ArrayList<>();
        List<String> removedRoutes = new ArrayList<>();
        SortedLists.diff(routes, next.routes, Route.BY_ID, upsertRoutes::add, r -> removedRoutes.add(r.id()));
        List<Cluster> upsertClusters = new ArrayList<>();
        List<String> removedClusters = new ArrayList<>();
        SortedLists.diff(clusters, next.clusters, CLUSTERS_BY_NAME, upsertClusters::add,
                c -> removedClusters.add(c.name()));
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
        List<Cluster> removedClusters = delta.removedClusters().stream()
                .map(name -> new Cluster(name, "", "", 0, false, List.of())).toList(); // probes: only the name counts
        List<Cluster> nextClusters = Canonical.trusted(
                SortedLists.patch(clusters, delta.clusters(), removedClusters, CLUSTERS_BY_NAME), CLUSTERS_BY_NAME);
        return new Snapshot(gateway, delta.version(), patchedRoutes(delta.routes(), delta.removedRoutes()),
                nextClusters);
    }

    /**
     * This snapshot's routes with {@code upserts} put in (replacing routes of the same id) and the routes of
     * {@code removedIds} taken out: one merge walk, and a snapshot made from the result does not sort it again.
     */
    public List<Route> patchedRoutes(List<Route> upserts, Collection<String> removedIds) {
        List<Route> removals = removedIds.stream().map(Snapshot::routeProbe).toList();
        return Canonical.trusted(SortedLists.patch(routes, upserts, removals, Route.BY_ID), Route.BY_ID);
    }
}
