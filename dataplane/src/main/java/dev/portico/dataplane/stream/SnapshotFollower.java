package dev.portico.dataplane.stream;

import dev.portico.snapshot.ContentHasher;
import dev.portico.snapshot.Delta;
import dev.portico.snapshot.Snapshot;
import dev.portico.snapshot.stream.StreamMessage;
import io.vertx.core.Future;

/**
 * Turns the operator's snapshot and delta messages, strictly in arrival order, into applied
 * snapshots and the ACK or NACK that answers each. Only a snapshot the sink accepted becomes the
 * applied one; anything refused leaves the previous snapshot in place.
 * Confined to the stream client's context.
 */
final class SnapshotFollower {

    /**
     * What to tell the operator about one message.
     *
     * @param fullResend the delta could not be placed on the applied snapshot: ask for the whole state again
     */
    record Outcome(StreamMessage reply, boolean fullResend) {
    }

    private final String gateway;
    private final SnapshotSink sink;
    private final ContentHasher hasher = new ContentHasher();
    private volatile Snapshot applied;
    private Future<Void> tail = Future.succeededFuture();

    SnapshotFollower(String gateway, SnapshotSink sink) {
        this.gateway = gateway;
        this.sink = sink;
    }

    /** The last snapshot the sink accepted, or null before the first. */
    Snapshot applied() {
        return applied;
    }

    /** Completes once every message accepted so far has been handled. */
    Future<Void> idle() {
        return tail;
    }

    /** Queues the message behind the ones still being applied; a sink never sees two snapshots at once. */
    Future<Outcome> accept(StreamMessage message) {
        Future<Outcome> outcome = tail.transform(ignored -> handle(message));
        tail = outcome.transform(ignored -> Future.succeededFuture());
        return outcome;
    }

    private Future<Outcome> handle(StreamMessage message) {
        if (message instanceof StreamMessage.SnapshotMessage full) {
            return onSnapshot(full);
        }
        if (message instanceof StreamMessage.DeltaMessage delta) {
            return onDelta(delta.delta());
        }
        throw new IllegalArgumentException("not a snapshot or delta: " + message.getClass().getSimpleName());
    }

    private Future<Outcome> onSnapshot(StreamMessage.SnapshotMessage message) {
        Snapshot snapshot = message.snapshot();
        if (snapshot == null) {
            return refuse(0, "snapshot message carries no snapshot", false);
        }
        if (!gateway.equals(snapshot.gateway())) {
            return refuse(snapshot.version(), "snapshot " + snapshot.version() + " is for gateway '"
                    + snapshot.gateway() + "' but this data plane serves gateway '" + gateway + "'", false);
        }
        String hash = hasher.hash(snapshot);
        if (message.hash() != null && !message.hash().equals(hash)) {
            // Also what an older data plane sees when a newer operator sends fields it cannot read.
            return refuse(snapshot.version(), "snapshot " + snapshot.version() + " hashes to " + hash
                    + " here but the operator sent hash " + message.hash()
                    + " (is this data plane older than the operator?)", false);
        }
        return install(snapshot, hash);
    }

    private Future<Outcome> onDelta(Delta delta) {
        if (delta == null) {
            return refuse(0, "delta message carries no delta", true);
        }
        Snapshot base = applied;
        if (base == null || base.version() != delta.baseVersion()) {
            String have = base == null ? "no snapshot" : "version " + base.version();
            return refuse(delta.version(), "delta " + delta.baseVersion() + "->" + delta.version()
                    + " cannot be applied: this data plane has " + have, true);
        }
        Snapshot next = base.apply(delta);
        String hash = hasher.hash(next); // digests of the routes carried over from base are reused
        if (!hash.equals(delta.hash())) {
            return refuse(delta.version(), "delta " + delta.baseVersion() + "->" + delta.version()
                    + " produces hash " + hash + " but the operator announced " + delta.hash(), true);
        }
        return install(next, hash);
    }

    private Future<Outcome> install(Snapshot snapshot, String hash) {
        Future<Void> result;
        try {
            result = sink.apply(snapshot);
            if (result == null) {
                result = Future.failedFuture(new IllegalStateException("snapshot sink returned no result"));
            }
        } catch (RuntimeException e) {
            result = Future.failedFuture(e);
        }
        return result.transform(ar -> {
            if (ar.succeeded()) {
                applied = snapshot;
                return Future.succeededFuture(new Outcome(new StreamMessage.Ack(snapshot.version(), hash), false));
            }
            return refuse(snapshot.version(), describe(ar.cause()), false);
        });
    }

    private static Future<Outcome> refuse(long version, String error, boolean fullResend) {
        return Future.succeededFuture(new Outcome(new StreamMessage.Nack(version, error), fullResend));
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }
}
