package dev.portico.dataplane.ratelimit;

import dev.portico.dataplane.filter.Exchange;
import dev.portico.snapshot.RateLimit;
import java.util.Map;

/** What a limit counts by. A request without a value counts under {@code ""}, never unlimited. */
@FunctionalInterface
interface KeySource {
    String keyOf(Exchange exchange);

    static KeySource of(RateLimit.Key key) {
        RateLimit.Key.Type type = key == null || key.type() == null ? RateLimit.Key.Type.Route : key.type();
        return switch (type) {
            case ClientIP -> ex -> orEmpty(ex.clientIp());
            case Header -> {
                String name = key.name();
                yield ex -> orEmpty(ex.request().getHeader(name));
            }
            case JWTClaim -> {
                String name = key.name();
                yield ex -> claim(ex, name);
            }
            case APIKey -> ex -> ex.attributes().get(AuthAttributes.API_KEY_CLIENT) instanceof String s ? s : "";
            case Route -> ex -> "";
        };
    }

    private static String claim(Exchange ex, String name) {
        if (ex.attributes().get(AuthAttributes.JWT_CLAIMS) instanceof Map<?, ?> claims) {
            Object value = claims.get(name);
            return value == null ? "" : value.toString();
        }
        return "";
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
