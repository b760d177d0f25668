package dev.portico.snapshot;

import dev.portico.snapshot.codec.SnapshotJson;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stable content hash of a snapshot, version left out: SHA-256 over the gateway name and the SHA-256 of each
 * route's and each cluster's canonical JSON, in the snapshot's canonical order. Hashing item by item lets a
 * hasher that follows one group's versions reuse the digest of every route and cluster carried over from the
 * previous version as the same object, so a one-route change costs one route, not the whole snapshot.
 *
 * <p>One instance per sequence of versions (a group on the operator, the applied snapshot on a data plane);
 * safe to share between threads, since a finished call's digests are published whole and never changed.
 */
public final class ContentHasher {
    private static final byte[] DOMAIN = "portico.snapshot.v2".getBytes(StandardCharsets.UTF_8);

    private volatile Map<Object, byte[]> previous = new IdentityHashMap<>();

    /** The hash of {@code snapshot}, computed from scratch. */
    static String of(Snapshot snapshot) {
        return new ContentHasher().hash(snapshot);
    }

    /** The hash of {@code snapshot}, reusing the digests of items the last call saw (compared by identity). */
    public String hash(Snapshot snapshot) {
        Map<Object, byte[]> current = new IdentityHashMap<>(2 * (snapshot.routes().size() + snapshot.clusters().size()));
        MessageDigest total = sha256();
        total.update(DOMAIN);
        lengthPrefixed(total, snapshot.gateway().getBytes(StandardCharsets.UTF_8));
        items(total, snapshot.routes(), current);
        items(total, snapshot.clusters(), current);
        previous = current;
        return HexFormat.of().formatHex(total.digest());
    }

    private void items(MessageDigest total, List<?> items, Map<Object, byte[]> current) {
        total.update(ByteBuffer.allocate(4).putInt(items.size()).array());
        Map<Object, byte[]> known = previous;
        for (Object item : items) {
            total.update(digest(item, known, current));
        }
    }

    // the loop's body as a method of its own: called per item, it is compiled early, while a loop over thousands
    // of items run only a few times would stay in the interpreter
    private static byte[] digest(Object item, Map<Object, byte[]> known, Map<Object, byte[]> current) {
        byte[] digest = current.get(item);
        if (digest == null) {
            digest = known.get(item);
            if (digest == null) {
                digest = sha256().digest(SnapshotJson.canonicalBytes(item));
            }
            current.put(item, digest);
        }
        return digest;
    }

    private static void lengthPrefixed(MessageDigest digest, byte[] bytes) {
        digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
