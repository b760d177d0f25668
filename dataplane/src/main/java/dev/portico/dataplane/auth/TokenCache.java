package dev.portico.dataplane.auth;

import io.netty.util.concurrent.FastThreadLocal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens whose signature and claims were verified, so the steady state costs one SHA-256 and a map
 * lookup instead of a signature check. Keyed by SHA-256 of (verifier fingerprint, token): the token
 * itself is never held. Bounded: over the cap, expired entries go first, then arbitrary ones.
 * Shared by all event loops.
 */
final class TokenCache {
    /** A verified token: the key set that verified it (stale once that set is replaced), its claims, its end. */
    record Entry(Object keys, Map<String, Object> claims, long validUntilMillis) {
    }

    /** 256 bits of digest as four longs: cheap equals/hashCode, no array wrapper. */
    record Key(long a, long b, long c, long d) {
    }

    /** Netty's thread-local: an array slot on the event loops, where a ThreadLocal lookup showed in profiles. */
    private static final FastThreadLocal<MessageDigest> SHA256 = new FastThreadLocal<>() {
        @Override
        protected MessageDigest initialValue() {
            return sha256();
        }
    };

    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
    private final int capacity;

    TokenCache(int capacity) {
        this.capacity = Math.max(1, capacity);
    }

    static Key key(byte[] fingerprint, String token) {
        MessageDigest md = threadSha256();
        md.update(fingerprint);
        ByteBuffer d = ByteBuffer.wrap(md.digest(token.getBytes(StandardCharsets.UTF_8)));
        return new Key(d.getLong(), d.getLong(), d.getLong(), d.getLong());
    }

    /** The entry if it is still valid at {@code nowMillis} and was verified with {@code currentKeys}. */
    Entry get(Key key, Object currentKeys, long nowMillis) {
        Entry e = entries.get(key);
        if (e == null) {
            return null;
        }
        if (e.validUntilMillis() <= nowMillis || e.keys() != currentKeys) {
            entries.remove(key, e);
            return null;
        }
        return e;
    }

    void put(Key key, Entry entry, long nowMillis) {
        if (entries.size() >= capacity) {
            evict(nowMillis);
        }
        entries.put(key, entry);
    }

    int size() {
        return entries.size();
    }

    private void evict(long nowMillis) {
        entries.values().removeIf(e -> e.validUntilMillis() <= nowMillis);
        int excess = entries.size() - capacity * 9 / 10;
        for (Iterator<Key> it = entries.keySet().iterator(); excess > 0 && it.hasNext(); excess--) {
            it.next();
            it.remove();
        }
    }

    /** This thread's SHA-256 digest, reset (every digest() call resets it). */
    static MessageDigest threadSha256() {
        return SHA256.get();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
