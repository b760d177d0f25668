package dev.portico.operator.stream;

import dev.portico.snapshot.Snapshot;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotPublisherTest {

    private static Clock at(long millis) {
        return Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
    }

    @Test
    void unchangedContentIsNeverRepublished() {
        SnapshotPublisher publisher = new SnapshotPublisher(at(1_000), 4);
        List<PublishedSnapshot> heard = new ArrayList<>();
        publisher.onPublished(heard::add);
        PublishedSnapshot first = publisher.publish(TestSnapshots.world("default", 3, 1));
        PublishedSnapshot again = publisher.publish(TestSnapshots.world("default", 3, 1).withVersion(77));
        assertThat(again).isSameAs(first);
        assertThat(heard).containsExactly(first);
    }

    @Test
    void versionsFollowTheClockAndNeverGoBackwards() {
        SnapshotPublisher publisher = new SnapshotPublisher(at(5_000), 4);
        long v1 = publisher.publish(TestSnapshots.world("default", 1, 1)).version();
        long v2 = publisher.publish(TestSnapshots.world("default", 2, 1)).version();
        long v3 = publisher.publish(TestSnapshots.world("other", 1, 1)).version();
        assertThat(v1).isEqualTo(5_000);
        assertThat(v2).isEqualTo(5_001);
        assertThat(v3).isEqualTo(5_002);
        // a restarted operator starts from its clock, above what the previous run handed out
        SnapshotPublisher restarted = new SnapshotPublisher(at(9_000), 4);
        assertThat(restarted.publish(TestSnapshots.world("default", 2, 1)).version()).isGreaterThan(v3);
    }

    @Test
    void onlyTheLastFewVersionsAreKeptAndFoundByVersionOrContent() {
        SnapshotPublisher publisher = new SnapshotPublisher(at(100), 2);
        PublishedSnapshot a = publisher.publish(TestSnapshots.world("default", 1, 1));
        PublishedSnapshot b = publisher.publish(TestSnapshots.world("default", 2, 1));
        PublishedSnapshot c = publisher.publish(TestSnapshots.world("default", 3, 1));
        assertThat(publisher.find("default", a.version(), a.hash())).isNull();
        assertThat(publisher.find("default", b.version(), b.hash())).isSameAs(b);
        assertThat(publisher.find("default", 424242, c.hash())).isSameAs(c);
        assertThat(publisher.find("default", b.version(), "not-the-hash")).isNull();
    }

    @Test
    void aGroupThatLostAllItsRoutesGetsAnEmptySnapshot() {
        SnapshotPublisher publisher = new SnapshotPublisher(at(100), 2);
        assertThat(publisher.initialized()).isFalse();
        publisher.publishWorld(List.of(TestSnapshots.world("default", 2, 1), TestSnapshots.world("internal", 1, 1)));
        assertThat(publisher.initialized()).isTrue();
        Map<String, PublishedSnapshot> latest = publisher.publishWorld(List.of(TestSnapshots.world("default", 2, 1)));
        assertThat(latest.get("internal").snapshot().routes()).isEmpty();
        assertThat(latest.get("internal").snapshot()).satisfies(s -> assertThat(s.sameContent(Snapshot.empty("internal"))).isTrue());
    }
}
