package dev.portico.operator.watch;

import dev.portico.api.v1alpha1.GatewayRoute;
import dev.portico.operator.resolve.ObjectRef;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The routes of the world and their claim keys ({@link AffectedRoutes}), kept up to date change by change
 * instead of rebuilt for each one. An informer cache hands out the same object for a route until the route
 * changes, so bringing the index to the current routes costs one lookup per route plus real work only for
 * the routes that are new, changed or gone. Confined to the translation thread.
 */
final class ClaimIndex {
    private static final class Entry {
        GatewayRoute route;
        Long generation;
        String uid;
        Set<String> keys;
        long pass;
    }

    private final Map<ObjectRef, Entry> routes = new HashMap<>();
    private final Map<String, Set<ObjectRef>> byKey = new HashMap<>();
    private final Set<ObjectRef> present = Collections.unmodifiableSet(routes.keySet());
    private long pass;

    /** True until the first update: the index then knows nothing of routes that existed before. */
    boolean isNew() {
        return pass == 0;
    }

    /**
     * Brings the index to {@code current}.
     *
     * @return the routes whose spec may differ from the last update's: new ones, deleted ones, and those
     *         whose generation moved (a status write makes a new object with the same generation: not listed)
     */
    Set<ObjectRef> update(Collection<GatewayRoute> current) {
        pass++;
        Set<ObjectRef> respecified = new HashSet<>();
        for (GatewayRoute route : current) {
            visit(route, respecified);
        }
        if (routes.size() > current.size()) { // some route of the last update is not in current: it went
            for (Iterator<Map.Entry<ObjectRef, Entry>> it = routes.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<ObjectRef, Entry> e = it.next();
                if (e.getValue().pass != pass) {
                    index(e.getKey(), e.getValue(), Set.of());
                    respecified.add(e.getKey());
                    it.remove();
                }
            }
        }
        return respecified;
    }

    /**
     * Brings the index up to date for {@code touched} routes only, each as {@code current} has it now (null: it
     * is gone); every other route is taken to be as the index last saw it.
     *
     * @return as {@link #update}, among {@code touched}
     */
    Set<ObjectRef> refresh(Collection<ObjectRef> touched, java.util.function.Function<ObjectRef, GatewayRoute> current) {
        pass++;
        Set<ObjectRef> respecified = new HashSet<>();
        for (ObjectRef ref : touched) {
            GatewayRoute route = current.apply(ref);
            if (route != null) {
                visit(route, respecified);
                continue;
            }
            Entry gone = routes.remove(ref);
            if (gone != null) {
                index(ref, gone, Set.of());
                respecified.add(ref);
            }
        }
        return respecified;
    }

    /** Every route of the index, in no particular order. */
    java.util.List<GatewayRoute> routes() {
        java.util.List<GatewayRoute> all = new java.util.ArrayList<>(routes.size());
        routes.values().forEach(e -> all.add(e.route));
        return all;
    }

    // the loop's body as a method of its own: called once per route, it is compiled at start-up, while the loop
    // itself runs once per change and would stay in the interpreter over every route for the first changes
    private void visit(GatewayRoute route, Set<ObjectRef> respecified) {
        ObjectRef ref = ObjectRef.of(route);
        Entry entry = routes.get(ref);
        if (entry == null) {
            entry = new Entry();
            routes.put(ref, entry);
        }
        // one way for a route seen before, whether its object is the same or new (a status write): code that
        // took only the first way before a change would be thrown out by the JIT at the first change
        Long generation = route.getMetadata().getGeneration();
        String uid = route.getMetadata().getUid();
        // a route deleted and created again under its name starts at generation 1 again: its uid tells
        boolean respecifiedNow = entry.keys == null || !java.util.Objects.equals(generation, entry.generation)
                || !java.util.Objects.equals(uid, entry.uid);
        if (respecifiedNow) {
            respecified.add(ref);
        }
        // no generation: nothing tells a new spec from a status write, so a new object's keys are worked out again
        if (respecifiedNow || (generation == null && entry.route != route)) {
            index(ref, entry, AffectedRoutes.claimKeys(route));
        }
        entry.route = route;
        entry.generation = generation;
        entry.uid = uid;
        entry.pass = pass;
    }

    private void index(ObjectRef ref, Entry entry, Set<String> keys) {
        if (entry.keys != null) {
            for (String key : entry.keys) {
                Set<ObjectRef> claimants = byKey.get(key);
                if (claimants != null && claimants.remove(ref) && claimants.isEmpty()) {
                    byKey.remove(key);
                }
            }
        }
        for (String key : keys) {
            byKey.computeIfAbsent(key, k -> new HashSet<>()).add(ref);
        }
        entry.keys = keys;
    }

    /** Every route of the last update. */
    Set<ObjectRef> present() {
        return present;
    }

    /** The route as of the last update, or null if it did not exist. */
    GatewayRoute route(ObjectRef ref) {
        Entry entry = routes.get(ref);
        return entry == null ? null : entry.route;
    }

    /** The route's claim keys as of the last update; empty if it did not exist. */
    Set<String> keysOf(ObjectRef ref) {
        Entry entry = routes.get(ref);
        return entry == null ? Set.of() : entry.keys;
    }

    /** The routes claiming {@code key} as of the last update. */
    Set<ObjectRef> claiming(String key) {
        return byKey.getOrDefault(key, Set.of());
    }
}
