package dev.portico.dataplane.ratelimit;

import dev.portico.dataplane.auth.AuthAttributes;
import dev.portico.dataplane.filter.Exchange;
import dev.portico.snapshot.RateLimit;

/**
 * What a limit counts by. A request without a value counts under {@code ""}, never unlimited. JWTClaim and
 * APIKey read what the auth filter, which runs first, left in the exchange.
 */
@FunctionalInterface
interface KeySource {
    String keyOf(Exchange exchange);

    static KeySource of(RateLimit.Key key) {
        RateLimit.Key.Type type = key == null || key.type() == null ? RateLimit.Key.Type.Route : key.type();
        return switch (type) {
            case ClientIP -> ex -> orEmpty(ex.clientIp());
            case Header -> {
                String name = key.name();
                yield ex -> orEmpty(ex.head().header(name));
            }
            case JWTClaim -> {
                String name = key.name();
                yield ex -> orEmpty(AuthAttributes.claim(ex, name));
            }
            case APIKey -> ex -> orEmpty(AuthAttributes.clientId(ex));
            case Route -> ex -> "";
        };
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
