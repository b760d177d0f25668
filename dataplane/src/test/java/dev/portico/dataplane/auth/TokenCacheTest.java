package dev.portico.dataplane.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenCacheTest {
    private static final byte[] CONFIG = "issuer\naudiences".getBytes(StandardCharsets.UTF_8);
    private final Object keys = new Object();

    private static TokenCache.Entry entry(Object keys, long validUntil) {
        return new TokenCache.Entry(keys, Map.of("sub", "u"), validUntil);
    }

    @Test
    void neverHoldsMoreThanItsCapacity() {
        TokenCache cache = new TokenCache(100);
        for (int i = 0; i < 1_000; i++) {
            cache.put(TokenCache.key(CONFIG, "token-" + i), entry(keys, 10_000), 0);
            assertThat(cache.size()).isLessThanOrEqualTo(100);
        }
        assertThat(cache.get(TokenCache.key(CONFIG, "token-999"), keys, 0)).as("the newest stays").isNotNull();
    }

    @Test
    void expiredEntriesAreEvictedBeforeLiveOnes() {
        TokenCache cache = new TokenCache(10);
        for (int i = 0; i < 5; i++) {
            cache.put(TokenCache.key(CONFIG, "live-" + i), entry(keys, 10_000), 0);
        }
        for (int i = 0; i < 5; i++) {
            cache.put(TokenCache.key(CONFIG, "old-" + i), entry(keys, 50), 0);
        }
        cache.put(TokenCache.key(CONFIG, "new"), entry(keys, 10_000), 100);
        for (int i = 0; i < 5; i++) {
            assertThat(cache.get(TokenCache.key(CONFIG, "live-" + i), keys, 100)).isNotNull();
        }
        assertThat(cache.size()).isEqualTo(6);
    }

    @Test
    void anEntryEndsAtItsValidityAndWithItsKeySet() {
        TokenCache cache = new TokenCache(10);
        TokenCache.Key key = TokenCache.key(CONFIG, "t");
        cache.put(key, entry(keys, 1_000), 0);
        assertThat(cache.get(key, keys, 999)).isNotNull();
        assertThat(cache.get(key, new Object(), 999)).as("another key set verified nothing").isNull();
        cache.put(key, entry(keys, 1_000), 0);
        assertThat(cache.get(key, keys, 1_000)).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void theSameTokenUnderAnotherConfigurationIsAnotherEntry() {
        assertThat(TokenCache.key(CONFIG, "t")).isNotEqualTo(TokenCache.key("other".getBytes(), "t"));
        assertThat(TokenCache.key(CONFIG, "t")).isEqualTo(TokenCache.key(CONFIG, "t"));
    }
}
