package dev.portico.dataplane.auth;

import dev.portico.dataplane.filter.Exchange;
import java.util.List;
import java.util.Map;

/**
 * What authentication leaves in {@link Exchange#attributes()} for later filters (rate limiting by
 * {@code JWTClaim} or {@code APIKey}). Set only when the request was let in.
 */
public final class AuthAttributes {
    /** {@code Map<String, Object>}: the verified JWT claims as JSON values (String, Number, Boolean, List, Map). */
    public static final String CLAIMS = "portico.auth.claims";
    /** {@code String}: the API-key client id (the Secret's data key); absent when a JWT let the request in. */
    public static final String CLIENT_ID = "portico.auth.clientId";
    /** Upstream header carrying the API-key client id. */
    public static final String CLIENT_ID_HEADER = "Portico-Client-Id";

    private AuthAttributes() {
    }

    /** A verified claim as text (what {@code claimsToHeaders} sends), or null when absent or a JSON object. */
    public static String claim(Exchange exchange, String name) {
        Object claims = exchange.attributes().get(CLAIMS);
        if (!(claims instanceof Map<?, ?> map)) {
            return null;
        }
        return text(map.get(name));
    }

    /** The API-key client id, or null. */
    public static String clientId(Exchange exchange) {
        return exchange.attributes().get(CLIENT_ID) instanceof String s ? s : null;
    }

    /** Strings as they are, numbers and booleans printed, lists of those joined with commas; else null. */
    static String text(Object value) {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder sb = new StringBuilder();
            for (Object o : list) {
                if (!(o instanceof String || o instanceof Number || o instanceof Boolean)) {
                    return null;
                }
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(o);
            }
            return sb.toString();
        }
        return null;
    }
}
