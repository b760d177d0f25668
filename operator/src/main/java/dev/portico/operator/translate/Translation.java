package dev.portico.operator.translate;

import dev.portico.operator.resolve.ObjectRef;
import dev.portico.snapshot.Snapshot;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The output of one translation: a snapshot per gateway group (version 0; the runtime numbers them) and
 * the status facts of every GatewayRoute and RateLimitPolicy.
 */
public record Translation(Map<String, Snapshot> snapshots, Map<ObjectRef, RouteFacts> routes,
        Map<ObjectRef, PolicyFacts> policies) {

    public Translation {
        // sorted views, so that copying one into a TreeMap (as the next partial translation does) is linear
        snapshots = Collections.unmodifiableSortedMap(new TreeMap<>(snapshots));
        routes = Collections.unmodifiableSortedMap(new TreeMap<>(routes));
        policies = Collections.unmodifiableSortedMap(new TreeMap<>(policies));
    }

    public static Translation empty() {
        return new Translation(Map.of(), Map.of(), Map.of());
    }

    /** The group's snapshot; an empty one for a group no route names, so its data planes still become ready. */
    public Snapshot snapshotFor(String gateway) {
        Snapshot snapshot = snapshots.get(gateway);
        return snapshot != null ? snapshot : Snapshot.empty(gateway);
    }
}
