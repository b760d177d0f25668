package dev.portico.dataplane.ratelimit;

/**
 * How the data plane rate-limits.
 *
 * @param redisUrl        {@code redis://HOST:6379} for Global limits; null: Global limits count per data plane
 * @param maxLocalBuckets cap on Local buckets held at once (memory stays bounded under key-cardinality attacks)
 * @param redisTimeoutMs  a Global decision Redis has not answered by then is decided by the failureMode
 * @param sweepMs         how often full (idle) Local buckets are dropped
 */
public record RateLimitOptions(String redisUrl, int maxLocalBuckets, long redisTimeoutMs, long sweepMs) {
    public static final int DEFAULT_MAX_LOCAL_BUCKETS = 100_000;

    public RateLimitOptions {
        if (redisUrl != null && redisUrl.isBlank()) {
            redisUrl = null;
        }
        if (maxLocalBuckets < 1) {
            throw new IllegalArgumentException("maxLocalBuckets must be at least 1, got " + maxLocalBuckets);
        }
        if (redisTimeoutMs < 1 || sweepMs < 1) {
            throw new IllegalArgumentException("redisTimeoutMs and sweepMs must be positive");
        }
    }

    public static RateLimitOptions defaults() {
        return new RateLimitOptions(null, DEFAULT_MAX_LOCAL_BUCKETS, 100, 10_000);
    }

    public RateLimitOptions withRedis(String url) {
        return new RateLimitOptions(url, maxLocalBuckets, redisTimeoutMs, sweepMs);
    }

    public RateLimitOptions withMaxLocalBuckets(int max) {
        return new RateLimitOptions(redisUrl, max, redisTimeoutMs, sweepMs);
    }

    public RateLimitOptions withRedisTimeoutMs(long ms) {
        return new RateLimitOptions(redisUrl, maxLocalBuckets, ms, sweepMs);
    }
}
