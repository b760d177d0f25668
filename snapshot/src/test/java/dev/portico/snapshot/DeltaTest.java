package dev.portico.snapshot;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

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
}
