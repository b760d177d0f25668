package dev.portico.operator.translate;

import dev.portico.operator.resolve.ObjectRef;
import dev.portico.operator.resolve.ServiceEndpoints;
import dev.portico.snapshot.Cluster;
import dev.portico.snapshot.Snapshot;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The fast path for endpoint churn: recomputes only the clusters of the Services that changed, without
 * re-translating a single route. Pure, like {@link Translator}.
 */
public final class EndpointsOnly {

    private EndpointsOnly() {
    }

    /**
     * @param changedClusters per gateway, the clusters whose content differs from {@code previous}: a delta's
     *                        whole payload
     * @param next            {@code previous} with those clusters and the routes' ready counts updated
     * @param refsChanged     a Service appeared or disappeared, so {@code ResolvedRefs} may have changed: the
     *                        runtime should run a full translation for status (the cluster delta is still right)
     */
    public record Change(Map<String, List<Cluster>> changedClusters, Translation next, boolean refsChanged) {
        public boolean isEmpty() {
            return changedClusters.isEmpty();
        }
    }

    /**
     * @param changedServices the Services whose Service object or EndpointSlices changed (or were deleted)
     * @param services        current Services; at least those in {@code changedServices} that still exist
     * @param slices          current EndpointSlices; at least every slice of {@code changedServices}
     */
    public static Change apply(Translation previous, Set<ObjectRef> changedServices, Collection<Service> services,
            Collection<EndpointSlice> slices) {
        ServiceEndpoints endpoints = new ServiceEndpoints(
                services.stream().filter(s -> changedServices.contains(ObjectRef.of(s))).toList(),
                slices.stream().filter(s -> changedServices.contains(ServiceEndpoints.serviceOf(s))).toList());
        Map<String, List<Cluster>> changed = new TreeMap<>();
        Map<String, Snapshot> snapshots = new TreeMap<>(previous.snapshots());
        boolean refsChanged = false;
        for (Snapshot snapshot : previous.snapshots().values()) {
            List<Cluster> clusters = new ArrayList<>(snapshot.clusters().size());
            List<Cluster> changedHere = new ArrayList<>();
            for (Cluster cluster : snapshot.clusters()) {
                if (!changedServices.contains(new ObjectRef(cluster.namespace(), cluster.service()))) {
                    clusters.add(cluster);
                    continue;
                }
                Cluster now = endpoints.lookup(cluster.namespace(), cluster.service(), cluster.port()).cluster();
                clusters.add(now);
                if (!now.equals(cluster)) {
                    changedHere.add(now);
                    refsChanged |= now.serviceExists() != cluster.serviceExists();
                }
            }
            if (!changedHere.isEmpty()) {
                changed.put(snapshot.gateway(), List.copyOf(changedHere));
                snapshots.put(snapshot.gateway(), new Snapshot(snapshot.gateway(), snapshot.version(), snapshot.routes(), clusters));
            }
        }
        Map<ObjectRef, RouteFacts> routes = new TreeMap<>(previous.routes());
        routes.replaceAll((ref, facts) -> withReadyCounts(ref, facts, changedServices, endpoints));
        return new Change(changed, new Translation(snapshots, routes, previous.policies()), refsChanged);
    }

    /** Status counts cover every backend the spec names, also those of rules left out of the snapshot. */
    private static RouteFacts withReadyCounts(ObjectRef ref, RouteFacts facts, Set<ObjectRef> changedServices,
            ServiceEndpoints endpoints) {
        boolean touched = false;
        List<BackendStatus> backends = new ArrayList<>(facts.backends().size());
        for (BackendStatus b : facts.backends()) {
            if (changedServices.contains(new ObjectRef(ref.namespace(), b.service()))) {
                touched = true;
                backends.add(RouteStatusFacts.backendStatus(endpoints.lookup(ref.namespace(), b.service(), b.port()).cluster()));
            } else {
                backends.add(b);
            }
        }
        return touched ? facts.withBackends(backends) : facts;
    }
}
