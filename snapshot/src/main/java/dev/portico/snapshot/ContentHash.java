package dev.portico.snapshot;

import dev.portico.snapshot.codec.SnapshotJson;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Stable content hash of a snapshot: SHA-256 of its canonical JSON with the version left out. */
final class ContentHash {
    private ContentHash() {
    }

    static String of(Snapshot snapshot) {
        byte[] canonical = SnapshotJson.canonicalBytes(snapshot.withVersion(0));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
