package dev.portico.snapshot;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ContentHashTest {

    /**
     * Pinned so that a change to the canonical form (and with it, every data plane's resume) is a
     * deliberate decision: the same content hashes the same in every run and on every JVM.
     */
    private static final String SHOP_HASH = "a2ccbd5ae99ac0d61c8c9951ce54dff2476fda37f19f52578b26e394a5e6f044";

    @Test
    void hashIsPinnedAcrossRunsAndJvms() {
        assertThat(Fixtures.shop().contentHash()).isEqualTo(SHOP_HASH);
    }

    @Test
    void orderingNoiseChangesNeitherEqualityNorHash() {
        Snapshot snapshot = Fixtures.shop();
        List<Route> routes = new ArrayList<>(snapshot.routes());
        List<Cluster> clusters = new ArrayList<>(snapshot.clusters());
        Collections.reverse(routes);
        Collections.reverse(clusters);
        Snapshot shuffled = new Snapshot("default", 57, routes, clusters);
        assertThat(shuffled).isEqualTo(snapshot);
        assertThat(shuffled.contentHash()).isEqualTo(snapshot.contentHash());
    }

    @Test
    void versionIsNotContent() {
        Snapshot snapshot = Fixtures.shop();
        assertThat(snapshot.withVersion(99).contentHash()).isEqualTo(snapshot.contentHash());
        assertThat(snapshot.withVersion(99).sameContent(snapshot)).isTrue();
    }

    @Test
    void anEndpointChangeChangesTheHash() {
        Snapshot snapshot = Fixtures.shop();
        List<Cluster> clusters = new ArrayList<>(snapshot.clusters());
        clusters.set(0, clusters.get(0).withEndpoints(List.of(new Endpoint("10.9.9.9", 8080))));
        Snapshot changed = new Snapshot("default", 57, snapshot.routes(), clusters);
        assertThat(changed.contentHash()).isNotEqualTo(snapshot.contentHash());
        assertThat(changed.sameContent(snapshot)).isFalse();
    }
}
