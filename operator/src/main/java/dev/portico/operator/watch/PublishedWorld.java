package dev.portico.operator.watch;

import dev.portico.operator.status.StatusBoard;
import dev.portico.operator.stream.PublishedSnapshot;
import dev.portico.operator.stream.SnapshotPublisher;
import dev.portico.operator.translate.EndpointsOnly;
import dev.portico.operator.translate.Translation;
import dev.portico.snapshot.Snapshot;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The translation last published, and the way out for the next: its snapshots to the publisher, then its facts
 * to the status board, whose changes go to {@code onChanges}.
 */
final class PublishedWorld {
    private final SnapshotPublisher publisher;
    private final StatusBoard board;
    private final Consumer<StatusBoard.Changes> onChanges;
    private volatile Translation last;

    PublishedWorld(SnapshotPublisher publisher, StatusBoard board, Consumer<StatusBoard.Changes> onChanges) {
        this.publisher = publisher;
        this.board = board;
        this.onChanges = onChanges;
    }

    /** What the next partial translation starts from; null until the first world is out. */
    Translation last() {
        return last;
    }

    void publish(Translation translation, RunClock clock) {
        Map<String, PublishedSnapshot> latest = publisher.publishWorld(translation.snapshots().values());
        clock.lap("publish");
        record(asPublished(translation, latest));
        clock.lap("status board");
    }

    /** The snapshots of the groups whose clusters {@code change} changed; {@link #record} it next. */
    void publishClusters(EndpointsOnly.Change change) {
        for (String group : change.changedClusters().keySet()) {
            publisher.publish(change.next().snapshotFor(group));
        }
    }

    /**
     * The translation with each group's snapshot as published. When a group's content did not change, the
     * publisher kept its previous version, whose route objects the content hasher knows: the next partial
     * translation must carry those over, not equal copies, or it hashes every route again.
     */
    private static Translation asPublished(Translation translation, Map<String, PublishedSnapshot> latest) {
        Map<String, Snapshot> published = new HashMap<>();
        boolean same = true;
        for (Map.Entry<String, Snapshot> e : translation.snapshots().entrySet()) {
            PublishedSnapshot p = latest.get(e.getKey());
            Snapshot s = p == null ? e.getValue() : p.snapshot();
            same &= s.routes() == e.getValue().routes(); // a fresh version keeps the translation's own list
            published.put(e.getKey(), s);
        }
        return same ? translation : new Translation(published, translation.routes(), translation.policies());
    }

    void record(Translation translation) {
        last = translation;
        Map<String, PublishedSnapshot> latest = new HashMap<>();
        for (String group : publisher.groups()) {
            latest.put(group, publisher.latest(group));
        }
        StatusBoard.Changes changes = board.update(translation, latest);
        if (!changes.isEmpty()) {
            onChanges.accept(changes);
        }
    }
}
