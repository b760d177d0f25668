package dev.portico.dataplane.auth;

import java.time.Duration;

/**
 * Tunables of authentication; {@link #defaults()} is what the data plane runs with.
 *
 * @param clockSkew              tolerance on {@code exp} and {@code nbf}
 * @param tokenCacheSize         verified tokens remembered at most (across all routes)
 * @param tokenCacheTtl          a verified token is re-verified at the latest after this long
 * @param jwksMinRefreshInterval a JWKS URI is fetched at most once per this interval (unknown kid, failures)
 * @param jwksMaxAge             a fetched JWKS is refreshed in the background once it is this old
 * @param jwksFetchTimeout       whole JWKS request, connect to last byte
 * @param jwksMaxBytes           larger JWKS responses are refused
 */
public record AuthOptions(Duration clockSkew, int tokenCacheSize, Duration tokenCacheTtl,
        Duration jwksMinRefreshInterval, Duration jwksMaxAge, Duration jwksFetchTimeout, int jwksMaxBytes) {

    public static AuthOptions defaults() {
        return new AuthOptions(Duration.ofSeconds(30), 10_000, Duration.ofMinutes(5), Duration.ofSeconds(10),
                Duration.ofMinutes(5), Duration.ofSeconds(5), 1 << 20);
    }

    public AuthOptions withClockSkew(Duration skew) {
        return new AuthOptions(skew, tokenCacheSize, tokenCacheTtl, jwksMinRefreshInterval, jwksMaxAge,
                jwksFetchTimeout, jwksMaxBytes);
    }

    public AuthOptions withTokenCache(int size, Duration ttl) {
        return new AuthOptions(clockSkew, size, ttl, jwksMinRefreshInterval, jwksMaxAge, jwksFetchTimeout,
                jwksMaxBytes);
    }

    public AuthOptions withJwksRefresh(Duration minInterval, Duration maxAge) {
        return new AuthOptions(clockSkew, tokenCacheSize, tokenCacheTtl, minInterval, maxAge, jwksFetchTimeout,
                jwksMaxBytes);
    }
}
