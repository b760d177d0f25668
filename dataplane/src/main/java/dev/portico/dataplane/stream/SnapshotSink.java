package dev.portico.dataplane.stream;

import dev.portico.snapshot.Snapshot;
import io.vertx.core.Future;

/**
 * Where the stream client hands each complete snapshot: the data plane's router swap. A failed
 * future (or a thrown exception) means the snapshot was refused; the client then NACKs it with the
 * failure's message and keeps treating the previous snapshot as applied.
 */
@FunctionalInterface
public interface SnapshotSink {
    Future<Void> apply(Snapshot snapshot);
}
