package dev.portico.operator.watch;

import dev.portico.operator.resolve.ObjectRef;
import dev.portico.operator.translate.PolicyFacts;
import dev.portico.operator.translate.RouteFacts;
import dev.portico.operator.translate.Translation;
import dev.portico.snapshot.Aggregate;
import dev.portico.snapshot.BackendRef;
import dev.portico.snapshot.Cluster;
import dev.portico.snapshot.Route;
import dev.portico.snapshot.Rule;
import dev.portico.snapshot.Snapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Puts the translation of a closed set of routes (see {@link AffectedRoutes}) in place of their old results
 * in the previous translation: what a full translation would have produced, at the cost of the set.
 */
final class TranslationSplice {

    private TranslationSplice() {
    }

    /**
     * @param scope          the routes and policies {@code partial} translated again
     * @param gone           routes deleted since {@code previous} (others may be listed too: they are ignored)
     * @param routesPresent  every route that exists now
     * @param policiesPresent every policy that exists now
     */
    static Translation splice(Translation previous, Translation partial, AffectedRoutes.Scope scope,
            Set<ObjectRef> gone, Set<ObjectRef> routesPresent, Set<ObjectRef> policiesPresent) {
        // the routes whose previous results go: the ones translated again and the deleted ones
        Set<ObjectRef> replaced = new HashSet<>(scope.routes());
        gone.stream().filter(ref -> !routesPresent.contains(ref)).forEach(replaced::add);
        TreeMap<ObjectRef, RouteFacts> routeFacts = new TreeMap<>(previous.routes()); // linear: it is sorted already
        replaced.forEach(routeFacts::remove);
        routeFacts.putAll(partial.routes());

        Map<ObjectRef, PolicyFacts> policyFacts = new TreeMap<>();
        previous.policies().forEach((ref, facts) -> {
            if (policiesPresent.contains(ref) && !scope.policies().contains(ref)) {
                policyFacts.put(ref, facts);
            }
        });
        policyFacts.putAll(partial.policies());

        Set<String> groupNames = new HashSet<>();
        routeFacts.values().forEach(f -> groupNames.add(f.gateway()));
        List<String> replacedIds = replaced.stream().map(ObjectRef::toString).toList(); // namespace/name: route ids
        Map<String, Snapshot> snapshots = new TreeMap<>();
        for (String group : new TreeSet<>(groupNames)) {
            Snapshot before = previous.snapshotFor(group);
            Snapshot fresh = partial.snapshotFor(group);
            // one merge walk; the kept routes stay in order, so the new snapshot needs no sort
            List<Route> routes = before.patchedRoutes(fresh.routes(), replacedIds);
            Map<String, Cluster> known = new HashMap<>(before.clustersByName());
            known.putAll(fresh.clustersByName()); // looked up just now: fresher than the previous ones
            List<Cluster> clusters = new ArrayList<>();
            for (String name : clusterNames(routes)) {
                Cluster cluster = known.get(name);
                if (cluster != null) {
                    clusters.add(cluster);
                }
            }
            snapshots.put(group, new Snapshot(group, 0, routes, clusters));
        }
        return new Translation(snapshots, routeFacts, policyFacts);
    }

    /** Whether two translations say the same: same content per group, same facts. */
    static boolean same(Translation a, Translation b) {
        Set<String> groups = new TreeSet<>(a.snapshots().keySet());
        groups.addAll(b.snapshots().keySet());
        for (String group : groups) {
            if (!a.snapshotFor(group).sameContent(b.snapshotFor(group))) {
                return false;
            }
        }
        return a.routes().equals(b.routes()) && a.policies().equals(b.policies());
    }

    /** Which groups, routes and policies two translations disagree on, for a log line. */
    static String difference(Translation a, Translation b) {
        Set<String> groups = new TreeSet<>(a.snapshots().keySet());
        groups.addAll(b.snapshots().keySet());
        Set<String> differing = new TreeSet<>();
        for (String group : groups) {
            if (!a.snapshotFor(group).sameContent(b.snapshotFor(group))) {
                differing.add("snapshot " + group);
            }
        }
        Set<ObjectRef> routes = new TreeSet<>(a.routes().keySet());
        routes.addAll(b.routes().keySet());
        routes.stream().filter(r -> !java.util.Objects.equals(a.routes().get(r), b.routes().get(r)))
                .forEach(r -> differing.add("route " + r));
        Set<ObjectRef> policies = new TreeSet<>(a.policies().keySet());
        policies.addAll(b.policies().keySet());
        policies.stream().filter(p -> !java.util.Objects.equals(a.policies().get(p), b.policies().get(p)))
                .forEach(p -> differing.add("policy " + p));
        return String.join(", ", differing);
    }

    private static Set<String> clusterNames(List<Route> routes) {
        Set<String> names = new HashSet<>(); // plain loops: this walks every route of the group per change
        for (Route route : routes) {
            addClusterNames(route, names);
        }
        return names;
    }

    // a method per route: called thousands of times at start-up it is compiled by the first change, which the
    // walk itself (once per change) would not be
    private static void addClusterNames(Route route, Set<String> names) {
        for (Rule rule : route.rules()) {
            if (rule.backends() != null) {
                for (BackendRef backend : rule.backends()) {
                    names.add(backend.cluster());
                }
            }
            if (rule.aggregate() != null) {
                for (Aggregate.Backend backend : rule.aggregate().backends()) {
                    names.add(backend.cluster());
                }
            }
        }
    }
}
