package dev.portico.operator.stream;

import dev.portico.snapshot.Route;
import dev.portico.snapshot.Snapshot;
import dev.portico.snapshot.stream.FrameCodec;
import dev.portico.snapshot.stream.StreamMessage;

import java.time.Instant;

/**
 * One version of a gateway group's snapshot as the operator published it, with its content hash
 * computed once and its full frame encoded at most once however many data planes need it.
 */
public final class PublishedSnapshot {
    private final Snapshot snapshot;
    private final String hash;
    private final Instant publishedAt;
    private volatile byte[] fullFrame;

    PublishedSnapshot(Snapshot snapshot, String hash, Instant publishedAt) {
        this.snapshot = snapshot;
        this.hash = hash;
        this.publishedAt = publishedAt;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    public String gateway() {
        return snapshot.gateway();
    }

    public long version() {
        return snapshot.version();
    }

    public String hash() {
        return hash;
    }

    public Instant publishedAt() {
        return publishedAt;
    }

    /** The generation of route {@code namespace/name} in this snapshot, or -1 when it is not in it. */
    public long routeGeneration(String routeId) {
        Route route = snapshot.route(routeId);
        return route == null ? -1 : route.generation();
    }

    /** The {@code snapshot} message as a ready-to-write frame. */
    public byte[] fullFrame() {
        byte[] frame = fullFrame;
        if (frame == null) {
            frame = FrameCodec.encode(new StreamMessage.SnapshotMessage(snapshot, hash));
            fullFrame = frame;
        }
        return frame;
    }

    @Override
    public String toString() {
        return "PublishedSnapshot[" + gateway() + " v" + version() + " " + hash.substring(0, 12) + "]";
    }
}
