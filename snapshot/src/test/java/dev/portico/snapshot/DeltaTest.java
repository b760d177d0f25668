package dev.portico.snapshot;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeltaTest {

    @Test
    void endpointOnlyChangeTravelsAsOneCluster() {
        Snapshot before = Fixtures.shop();
        List<Cluster> clusters = new ArrayList<>(before.clusters());
        Cluster changed = clusters.get(1).withEndpoints(List.of(new Endpoint("10.0.1.2", 8080)));
        clusters.set(1, changed);
        Snapshot after = new Snapshot("default", 58, before.routes(), clusters);

        Delta delta = before.diff(after);

        assertThat(delta.routes()).isEmpty();
        assertThat(delta.removedRoutes()).isEmpty();
        assertThat(delta.clusters()).containsExactly(changed);
        assertThat(delta.baseVersion()).isEqualTo(57);
        assertThat(delta.version()).isEqualTo(58);
        assertThat(before.apply(delta)).isEqualTo(after);
        assertThat(delta.hash()).isEqualTo(after.contentHash());
    }

    @Test
    void removedAndAddedRoutesRoundTrip() {
        Snapshot before = Fixtures.shop();
        Route added = new Route("shop", "payments", 1, "2026-11-26T05:00:00Z", List.of(), null, List.of());
        Snapshot after = new Snapshot("default", 60, List.of(before.routes().get(1), added), before.clusters());

        Delta delta = before.diff(after);

        assertThat(delta.routes()).containsExactly(added);
        assertThat(delta.removedRoutes()).containsExactly(before.routes().get(0).id());
        assertThat(before.apply(delta)).isEqualTo(after);
    }

    @Test
    void unchangedContentGivesAnEmptyDelta() {
        Snapshot snapshot = Fixtures.shop();
        assertThat(snapshot.diff(snapshot.withVersion(58)).isEmpty()).isTrue();
    }

    @Test
    void deltaForAnotherBaseIsRefused() {
        Snapshot snapshot = Fixtures.shop();
        Delta delta = new Delta(3, 4, "x", List.of(), List.of(), List.of(), List.of());
        assertThatThrownBy(() -> snapshot.apply(delta)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("based on version 3").hasMessageContaining("version 57");
    }

    @Test
    void routesAreOrderedExactlyAsTheirIds() {
        // '-' sorts before '/': namespace "a-b" comes before namespace "a" in id order
        List<Route> routes = new ArrayList<>();
        for (String ns : List.of("a", "a-b", "ab", "a.b", "b")) {
            for (String name : List.of("x", "x-1", "y", "a")) {
                routes.add(route(ns, name, 1));
            }
        }
        Snapshot snapshot = new Snapshot("default", 1, routes, List.of());
        List<String> ids = snapshot.routes().stream().map(Route::id).toList();
        assertThat(ids).isSortedAccordingTo(Comparator.naturalOrder());
        for (Route route : routes) {
            assertThat(snapshot.route(route.namespace(), route.name())).isSameAs(snapshot.routes().get(ids.indexOf(route.id())));
            assertThat(snapshot.route(route.id())).isSameAs(snapshot.route(route.namespace(), route.name()));
        }
        assertThat(snapshot.route("a", "x-2")).isNull();
        assertThat(snapshot.route("a-b-c", "x")).isNull();
    }

    @Test
    void randomChangesRoundTripThroughDiffAndApply() {
        Random random = new Random(42);
        Snapshot before = new Snapshot("default", 1, randomRoutes(random, 200), List.of());
        for (int round = 0; round < 50; round++) {
            List<Route> routes = new ArrayList<>(before.routes());
            for (int k = 0; k < 5; k++) {
                int i = random.nextInt(routes.size());
                switch (random.nextInt(3)) {
                    case 0 -> routes.remove(i);
                    case 1 -> routes.set(i, route(routes.get(i).namespace(), routes.get(i).name(), round + 2));
                    default -> routes.add(route("ns" + random.nextInt(5), "new-" + round + "-" + k, 1));
                }
            }
            Snapshot after = new Snapshot("default", round + 2, routes, List.of());
            Delta delta = before.diff(after);
            assertThat(before.apply(delta)).isEqualTo(after);
            assertThat(delta.routes().size() + delta.removedRoutes().size()).isLessThanOrEqualTo(5);
            before = after;
        }
    }

    @Test
    void anUpsertWinsOverARemovalOfTheSameRoute() {
        Snapshot before = Fixtures.shop();
        Route first = before.routes().get(0);
        Route changed = route(first.namespace(), first.name(), first.generation() + 1);
        Delta delta = new Delta(57, 58, "x", List.of(changed), List.of(first.id()), List.of(), List.of());
        assertThat(before.apply(delta).routes()).contains(changed).doesNotContain(first);
    }

    private static List<Route> randomRoutes(Random random, int count) {
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            routes.add(route("ns" + random.nextInt(5), "r" + i, 1));
        }
        return routes;
    }

    private static Route route(String namespace, String name, long generation) {
        return new Route(namespace, name, generation, "2026-11-26T05:00:00Z", List.of(), null, List.of());
    }
}
