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
    private static final String SHOP_HASH = "43549e36c8b90e45ef8060caacb875a7508c257f76f73c3cf9faf3f5a706ecb7";

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

    @Test
    void aHasherFollowingVersionsAgreesWithHashingFromScratch() {
        Snapshot snapshot = Fixtures.shop();
        ContentHasher follower = new ContentHasher();
        assertThat(follower.hash(snapshot)).isEqualTo(snapshot.contentHash());

        List<Route> routes = new ArrayList<>(snapshot.routes());
        Route first = routes.get(0);
        routes.set(0, new Route(first.namespace(), first.name(), first.generation() + 1, first.creationTimestamp(),
                List.of("changed.example"), first.auth(), first.rules()));
        Snapshot changed = new Snapshot("default", 58, routes, snapshot.clusters());
        assertThat(follower.hash(changed)).isEqualTo(changed.contentHash()).isNotEqualTo(snapshot.contentHash());
        assertThat(follower.hash(snapshot)).isEqualTo(snapshot.contentHash());
    }

    @Test
    void theGatewayNameIsContent() {
        Snapshot snapshot = Fixtures.shop();
        Snapshot other = new Snapshot("internal", snapshot.version(), snapshot.routes(), snapshot.clusters());
        assertThat(other.contentHash()).isNotEqualTo(snapshot.contentHash());
    }
}
